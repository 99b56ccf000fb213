package ai.lepton.testing;

import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.emulator.Emulators;
import java.util.Locale;
import java.util.UUID;

/** Config and names for tests that use the emulators. */
public final class TestStores {

  /** Name of the s3proxy store in {@link #config}. */
  public static final String S3 = "emu-s3";

  /** Name of the Azurite store in {@link #config}. */
  public static final String AZURE = "emu-azure";

  private TestStores() {}

  /** A bucket or container name no other test uses: lower case, digits and hyphens. */
  public static String uniqueName(String prefix) {
    return (prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
        .toLowerCase(Locale.ROOT);
  }

  /** A config with s3proxy as store {@value #S3}, plus {@code extra}. */
  public static LeptonConfig s3Config(Emulators emulators, String extra) {
    return LeptonConfig.parse("lepton.stores {\n" + emulators.s3().storeConfig(S3) + "}\n" + extra);
  }

  /** A config with Azurite as store {@value #AZURE}, plus {@code extra}. */
  public static LeptonConfig azureConfig(Emulators emulators, String extra) {
    return LeptonConfig.parse(
        "lepton.stores {\n" + emulators.azure().storeConfig(AZURE) + "}\n" + extra);
  }

  /**
   * A config with both emulators as stores {@value #S3} and {@value #AZURE}, plus {@code extra}.
   */
  public static LeptonConfig config(Emulators emulators, String extra) {
    return LeptonConfig.parse(emulators.storesConfig(S3, AZURE) + "\n" + extra);
  }

  /**
   * A store {@code name} for s3proxy reached at {@code endpoint}, serving only {@code bucketName},
   * signing with s3proxy's access key and {@code secret} (Hadoop caches a file system per bucket,
   * so each endpoint gets buckets of its own).
   */
  public static String s3Store(String name, String endpoint, String bucketName, String secret) {
    return "lepton.stores."
        + name
        + " { type = s3, buckets = [\""
        + bucketName
        + "\"], endpoint = \""
        + endpoint
        + "\", path-style-access = true, emulator = true,"
        + " credentials { mode = static, access-key-id = \""
        + Emulators.S3_ACCESS_KEY
        + "\", secret-access-key = \""
        + secret
        + "\" } }\n";
  }
}
