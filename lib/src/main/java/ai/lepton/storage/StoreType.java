package ai.lepton.storage;

import java.util.List;
import java.util.Locale;

/** The kinds of store and the URI schemes each one serves. */
public enum StoreType {
  /** Amazon S3 and S3-compatible servers. */
  S3("s3", List.of("s3", "s3a")),
  /** Azure Blob Storage (also through the Data Lake Gen2 schemes). */
  AZURE("azure", List.of("wasb", "wasbs", "abfs", "abfss")),
  /** The local file system. */
  LOCAL("local", List.of("file"));

  private final String configName;
  private final List<String> schemes;

  StoreType(String configName, List<String> schemes) {
    this.configName = configName;
    this.schemes = schemes;
  }

  /** The value of {@code type} in a store's config. */
  public String configName() {
    return configName;
  }

  /** The URI schemes this type serves. */
  public List<String> schemes() {
    return schemes;
  }

  /** The type for a URI scheme; a missing scheme (a plain path) is local. */
  public static StoreType forScheme(String scheme) {
    if (scheme == null || scheme.isEmpty()) {
      return LOCAL;
    }
    String s = scheme.toLowerCase(Locale.ROOT);
    for (StoreType t : values()) {
      if (t.schemes.contains(s)) {
        return t;
      }
    }
    return null;
  }

  /** The type named by a store's {@code type} key, or null. */
  public static StoreType forConfigName(String name) {
    for (StoreType t : values()) {
      if (t.configName.equalsIgnoreCase(name.trim())) {
        return t;
      }
    }
    return null;
  }
}
