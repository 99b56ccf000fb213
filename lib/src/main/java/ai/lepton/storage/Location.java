package ai.lepton.storage;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A parsed store location. URIs are parsed by hand rather than with {@link java.net.URI} so that
 * keys may hold characters Spark and Hadoop write unescaped, such as spaces.
 *
 * @param uri the location as given
 * @param type the kind of store its scheme selects
 * @param scheme lower-case scheme ({@code s3a}, {@code wasbs}, {@code file}, ...)
 * @param bucket the S3 bucket or Azure container; for local paths null
 * @param host Azure's account host (e.g. {@code acct.blob.core.windows.net}); else null
 * @param key the object key without a leading slash; for local paths the absolute path
 */
public record Location(
    String uri, StoreType type, String scheme, String bucket, String host, String key) {

  /** Parses a location, failing with a message that shows the expected form. */
  public static Location parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw invalid(String.valueOf(uri), "it is empty");
    }
    int sep = uri.indexOf("://");
    if (uri.regionMatches(true, 0, "file:", 0, 5) && sep < 0) {
      return local(uri, uri.substring(5));
    }
    if (sep < 0) {
      return local(uri, uri);
    }
    String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
    StoreType type = StoreType.forScheme(scheme);
    if (type == null) {
      throw invalid(
          uri,
          "scheme '"
              + scheme
              + "' is not supported (use s3, s3a, wasb, wasbs,"
              + " abfs, abfss, file or a plain path)");
    }
    String rest = uri.substring(sep + 3);
    if (type == StoreType.LOCAL) {
      return local(uri, rest.startsWith("/") ? rest : "/" + rest);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    return type == StoreType.S3
        ? s3(uri, scheme, authority, key)
        : azure(uri, scheme, authority, key);
  }

  private static Location s3(String uri, String scheme, String bucket, String key) {
    if (bucket.isEmpty()) {
      throw invalid(uri, "it names no bucket; write " + scheme + "://BUCKET/path");
    }
    return new Location(uri, StoreType.S3, scheme, bucket, null, key);
  }

  private static Location azure(String uri, String scheme, String authority, String key) {
    int at = authority.indexOf('@');
    if (at <= 0 || at == authority.length() - 1) {
      throw invalid(
          uri,
          "it does not name a container and an account; write "
              + scheme
              + "://CONTAINER@ACCOUNT."
              + (scheme.startsWith("abfs") ? "dfs" : "blob")
              + ".core.windows.net/path");
    }
    String host = authority.substring(at + 1).toLowerCase(Locale.ROOT);
    return new Location(uri, StoreType.AZURE, scheme, authority.substring(0, at), host, key);
  }

  private static Location local(String uri, String path) {
    String absolute = Path.of(path).toAbsolutePath().normalize().toString();
    return new Location(uri, StoreType.LOCAL, "file", null, null, absolute);
  }

  /** Azure: the storage account, the host's first label. */
  public String account() {
    if (host == null) {
      return null;
    }
    int dot = host.indexOf('.');
    return dot < 0 ? host : host.substring(0, dot);
  }

  /** The location of another key in the same bucket, in the same scheme. */
  public String withKey(String otherKey) {
    return switch (type) {
      case LOCAL -> otherKey;
      case S3 -> scheme + "://" + bucket + "/" + otherKey;
      case AZURE -> scheme + "://" + bucket + "@" + host + "/" + otherKey;
    };
  }

  /** The key read as a folder: empty, or ending with a slash. */
  public String folderKey() {
    return key.isEmpty() || key.endsWith("/") ? key : key + "/";
  }

  private static StorageException invalid(String uri, String why) {
    return StorageException.create(
        StorageException.Reason.INVALID, null, "use location", uri, why, "", null);
  }
}
