package ai.lepton.storage.emulator;

/**
 * A running Azurite Blob service.
 *
 * @param blobEndpoint e.g. {@code http://127.0.0.1:10000/devstoreaccount1}
 * @param account the emulator's account, {@code devstoreaccount1}
 * @param accountKey the account's published, well-known key (not a secret)
 */
public record AzureEndpoint(String blobEndpoint, String account, String accountKey) {

  /** The Blob SDK connection string for it. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + account
        + ";AccountKey="
        + accountKey
        + ";BlobEndpoint="
        + blobEndpoint
        + ";";
  }

  /** A wasb URI Spark reads through the emulator, e.g. {@code wasb://c@devstoreaccount1...}. */
  public String wasbUri(String container, String path) {
    return "wasb://" + container + "@" + account + ".blob.core.windows.net/" + path;
  }

  /** A {@code lepton.stores.<name>} entry for it, in HOCON. */
  public String storeConfig(String name) {
    return name
        + " {\n"
        + "  type = azure\n"
        + "  account = \""
        + account
        + "\"\n"
        + "  endpoint = \""
        + blobEndpoint
        + "\"\n"
        + "  emulator = true\n"
        + "}\n";
  }
}
