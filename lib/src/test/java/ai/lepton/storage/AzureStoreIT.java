package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.emulator.AzureEndpoint;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestStores;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Azure store against Azurite, Microsoft's Azure Storage emulator, in its own process. */
@ExtendWith(EmulatorsExtension.class)
class AzureStoreIT extends ObjectStoreContract {

  @Override
  ObjectStores stores() {
    return ObjectStores.from(
        TestStores.azureConfig(
            EmulatorsExtension.emulators(),
            "lepton.stores.emu-azure.multipart { threshold-bytes = "
                + 2 * PART
                + ", part-size-bytes = "
                + PART
                + ", parallelism = 3 }"));
  }

  @Override
  String bucketUri(String name) {
    return "wasb://" + name + "@devstoreaccount1.blob.core.windows.net/";
  }

  @Override
  void corruptBehindTheStoresBack(String uri, byte[] content) {
    rawBlob(uri).upload(BinaryData.fromBytes(content), true);
  }

  @Override
  WriteResult.Verification expectedVerification() {
    return WriteResult.Verification.SERVER_CHECKSUM;
  }

  @Override
  WriteResult.Verification expectedStreamedVerification() {
    return WriteResult.Verification.SERVER_CHECKSUM;
  }

  private static BlobClient rawBlob(String uri) {
    AzureEndpoint azure = EmulatorsExtension.emulators().azure();
    Location loc = Location.parse(uri);
    return new BlobServiceClientBuilder()
        .connectionString(azure.connectionString())
        .buildClient()
        .getBlobContainerClient(loc.bucket())
        .getBlobClient(loc.key());
  }

  /**
   * The Azure store counts a write as checked by the server because every request carries the MD5
   * of its bytes: pin that Azurite really refuses a block whose MD5 does not match.
   */
  @Test
  void serverRefusesABlockWhoseMd5DoesNotMatch() {
    BlobClient blob = rawBlob(root + "tampered.bin");
    byte[] data = bytes(1000, 12);
    byte[] wrongMd5 = ai.lepton.internal.Checksums.md5(bytes(1000, 13), 0, 1000);
    String id = Base64.getEncoder().encodeToString("block-0001".getBytes());

    assertThatThrownBy(
            () ->
                blob.getBlockBlobClient()
                    .stageBlockWithResponse(
                        id,
                        new ByteArrayInputStream(data),
                        data.length,
                        wrongMd5,
                        null,
                        null,
                        null))
        .isInstanceOfSatisfying(
            BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
  }

  @Test
  void everyAzureSchemePicksTheEmulatorStore() {
    for (String scheme : new String[] {"wasb", "wasbs", "abfs", "abfss"}) {
      assertThat(stores.forUri(scheme + "://c@devstoreaccount1.blob.core.windows.net/x").name())
          .isEqualTo(TestStores.AZURE);
    }
    store.write(root + "k.txt", new ByteArrayInputStream("hi".getBytes()));
    String secure = root.replace("wasb://", "wasbs://");
    assertThat(stores.forUri(secure).list(secure))
        .extracting(ObjectInfo::uri)
        .containsExactly(secure + "k.txt");
  }

  @Test
  void listsAzureFolderMarkersAsNothing() {
    BlobClient marker = rawBlob(root + "dir/sub");
    marker.upload(BinaryData.fromBytes(new byte[0]), true);
    marker.setMetadata(java.util.Map.of("hdi_isfolder", "true"));
    store.write(root + "dir/sub/file.txt", new ByteArrayInputStream("x".getBytes()));

    assertThat(store.list(root + "dir/"))
        .extracting(ObjectInfo::uri)
        .containsExactly(root + "dir/sub/file.txt");
  }

  @Test
  void badAccountKeyNamesTheStoreAndTheFixButNeverTheKey() {
    AzureEndpoint azure = EmulatorsExtension.emulators().azure();
    String wrongKey =
        Base64.getEncoder().encodeToString("this is not the devstoreaccount1 key!!".getBytes());
    ObjectStores wrong =
        ObjectStores.from(
            LeptonConfig.parse(
                "lepton.stores.wrong-key {\n"
                    + "  type = azure\n"
                    + "  account = devstoreaccount1\n"
                    + "  endpoint = \""
                    + azure.blobEndpoint()
                    + "\"\n"
                    + "  retry { max-attempts = 1 }\n"
                    + "  credentials { mode = account-key, account-key = \""
                    + wrongKey
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
          .hasMessageContaining("lepton.stores.wrong-key.credentials.account-key")
          .hasMessageNotContaining(wrongKey);
    }
  }

  @Test
  void badSasTokenIsRefusedWithoutShowingIt() {
    AzureEndpoint azure = EmulatorsExtension.emulators().azure();
    String sas =
        "sv=2021-08-06&ss=b&srt=sco&sp=rl&se=2020-01-01T00:00:00Z&sig=bm90YXNpZ25hdHVyZQ%3D%3D";
    ObjectStores wrong =
        ObjectStores.from(
            LeptonConfig.parse(
                "lepton.stores.bad-sas {\n"
                    + "  type = azure\n"
                    + "  account = devstoreaccount1\n"
                    + "  endpoint = \""
                    + azure.blobEndpoint()
                    + "\"\n"
                    + "  retry { max-attempts = 1 }\n"
                    + "  credentials { mode = sas, sas-token = \""
                    + sas
                    + "\" }\n"
                    + "}\n"));
    try (wrong) {
      assertThatThrownBy(() -> wrong.forUri(root).list(root))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("store 'bad-sas'")
          .hasMessageContaining("lepton.stores.bad-sas.credentials")
          .hasMessageNotContaining("bm90YXNpZ25hdHVyZQ");
    }
  }
}
