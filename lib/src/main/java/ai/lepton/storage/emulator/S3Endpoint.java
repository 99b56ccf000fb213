package ai.lepton.storage.emulator;

/**
 * A running s3proxy: where it listens and the fixed, local-only key pair it accepts.
 *
 * @param endpoint e.g. {@code http://127.0.0.1:9000}
 * @param region the region to sign with
 * @param accessKey the access key id it accepts
 * @param secretKey the secret key it accepts (a fixed emulator key, not a secret)
 */
public record S3Endpoint(String endpoint, String region, String accessKey, String secretKey) {

  /** The port it listens on. */
  public int port() {
    return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
  }

  /** A {@code lepton.stores.<name>} entry for it, in HOCON. */
  public String storeConfig(String name) {
    return name
        + " {\n"
        + "  type = s3\n"
        + "  endpoint = \""
        + endpoint
        + "\"\n"
        + "  region = \""
        + region
        + "\"\n"
        + "  path-style-access = true\n"
        + "  emulator = true\n"
        + "  credentials { mode = static, access-key-id = \""
        + accessKey
        + "\", secret-access-key = \""
        + secretKey
        + "\" }\n"
        + "}\n";
  }
}
