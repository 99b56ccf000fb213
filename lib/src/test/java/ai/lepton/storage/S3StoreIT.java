package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.storage.emulator.Emulators;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The S3 store against s3proxy, a real S3 server in its own process. */
@ExtendWith(EmulatorsExtension.class)
class S3StoreIT extends ObjectStoreContract {

  @Override
  ObjectStores stores() {
    return ObjectStores.from(
        TestStores.s3Config(
            EmulatorsExtension.emulators(),
            "lepton.stores.emu-s3.multipart { threshold-bytes = "
                + 2 * PART
                + ", part-size-bytes = "
                + PART
                + ", parallelism = 3 }"));
  }

  @Override
  String bucketUri(String name) {
    return "s3a://" + name + "/";
  }

  @Override
  void corruptBehindTheStoresBack(String uri, byte[] content) throws Exception {
    Location loc = Location.parse(uri);
    Path file = EmulatorsExtension.emulators().s3DataDir().resolve(loc.bucket()).resolve(loc.key());
    assertThat(file).exists();
    Files.write(file, content);
  }

  @Override
  WriteResult.Verification expectedVerification() {
    return WriteResult.Verification.SERVER_CHECKSUM;
  }

  @Override
  WriteResult.Verification expectedStreamedVerification() {
    return WriteResult.Verification.REREAD;
  }

  /**
   * The S3 store trusts a server that echoes each request's SHA-256 (s3proxy 4.1 does): pin that
   * the server really checks the checksum rather than only repeating it.
   */
  @Test
  void serverRefusesDataWhoseSha256DoesNotMatch() {
    Emulators emulators = EmulatorsExtension.emulators();
    Location loc = Location.parse(root + "tampered.bin");
    byte[] data = bytes(1000, 12);
    String wrong =
        java.util.Base64.getEncoder()
            .encodeToString(ai.lepton.internal.Checksums.sha256(bytes(1000, 13), 0, 1000));
    try (software.amazon.awssdk.services.s3.S3Client s3 =
        software.amazon.awssdk.services.s3.S3Client.builder()
            .endpointOverride(java.net.URI.create(emulators.s3().endpoint()))
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .forcePathStyle(true)
            .requestChecksumCalculation(
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        Emulators.S3_ACCESS_KEY, Emulators.S3_SECRET_KEY)))
            .build()) {
      assertThatThrownBy(
              () ->
                  s3.putObject(
                      b -> b.bucket(loc.bucket()).key(loc.key()).checksumSHA256(wrong),
                      software.amazon.awssdk.core.sync.RequestBody.fromBytes(data)))
          .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    }
    assertThat(store.exists(root + "tampered.bin")).isFalse();
  }

  @Test
  void bothS3SchemesPickTheEmulatorStore() {
    assertThat(stores.forUri("s3://any-bucket/x").name()).isEqualTo(TestStores.S3);
    assertThat(stores.forUri("s3a://any-bucket/x").name()).isEqualTo(TestStores.S3);
    store.write(root + "k.txt", new ByteArrayInputStream("hi".getBytes()));
    String plain = root.replace("s3a://", "s3://");
    assertThat(stores.forUri(plain).list(plain))
        .extracting(ObjectInfo::uri)
        .containsExactly(plain + "k.txt");
  }

  @Test
  void badCredentialsNameTheStoreAndTheFixButNeverTheSecret() {
    Emulators emulators = EmulatorsExtension.emulators();
    String secret = "not-the-emulator-secret-4711";
    ObjectStores wrong =
        ObjectStores.from(
            ai.lepton.config.LeptonConfig.parse(
                "lepton.stores.wrong-key {\n"
                    + "  type = s3\n"
                    + "  endpoint = \""
                    + emulators.s3().endpoint()
                    + "\"\n"
                    + "  path-style-access = true\n"
                    + "  credentials { mode = static, access-key-id = \"lepton\","
                    + " secret-access-key = \""
                    + secret
                    + "\" }\n"
                    + "}\n"));
    try (wrong) {
      assertThatThrownBy(() -> wrong.forUri(root).list(root))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(StorageException.Reason.BAD_CREDENTIALS);
                assertThat(e.store()).isEqualTo("wrong-key");
              })
          .hasMessageContaining("Cannot list " + root + " (store 'wrong-key')")
          .hasMessageContaining("rejected the credentials")
          .hasMessageContaining("lepton.stores.wrong-key.credentials")
          .hasMessageContaining("secret-access-key")
          .hasMessageNotContaining(secret);
    }
  }

  @Test
  void unreachableEndpointSaysSoAfterTheConfiguredAttempts() {
    int port = 1;
    ObjectStores dead =
        ObjectStores.from(
            ai.lepton.config.LeptonConfig.parse(
                "lepton.stores.dead { type = s3, endpoint = \"http://127.0.0.1:"
                    + port
                    + "\","
                    + " path-style-access = true, emulator = true,"
                    + " retry { max-attempts = 2, base-delay-ms = 10, max-delay-ms = 20 },"
                    + " credentials { mode = anonymous } }"));
    try (dead) {
      assertThatThrownBy(() -> dead.forUri("s3://b/k").stat("s3://b/k"))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE))
          .hasMessageContaining("cannot reach http://127.0.0.1:1 after 2 attempts")
          .hasMessageContaining("bin/lepton emulators start");
    }
  }
}
