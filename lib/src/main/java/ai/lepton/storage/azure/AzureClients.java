package ai.lepton.storage.azure;

import ai.lepton.storage.StoreConfig;
import com.azure.core.credential.AzureSasCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Builds Blob service clients on the JDK's HttpClient (no Netty) with the store's endpoint,
 * credentials, exponential retries and timeouts.
 */
final class AzureClients {

  /** The storage account every Azure emulator serves. */
  static final String EMULATOR_ACCOUNT = "devstoreaccount1";

  /** The emulator account's published, well-known key (not a secret). */
  static final String EMULATOR_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private AzureClients() {}

  static BlobServiceClient build(StoreConfig c, String account) {
    BlobServiceClientBuilder b =
        new BlobServiceClientBuilder().httpClient(http(c)).retryOptions(retry(c));
    String endpoint = endpoint(c, account);
    StoreConfig.Credentials k = c.credentials();
    switch (k.mode()) {
      case "connection-string" -> {
        b.connectionString(k.connectionString());
        if (!c.endpoint().isEmpty()) {
          b.endpoint(endpoint);
        }
      }
      case "sas" -> b.endpoint(endpoint).credential(new AzureSasCredential(k.sasToken()));
      case "account-key" ->
          b.endpoint(endpoint).credential(new StorageSharedKeyCredential(account, k.accountKey()));
      default -> {
        if (c.emulator()) {
          b.endpoint(endpoint).credential(new StorageSharedKeyCredential(account, EMULATOR_KEY));
        } else {
          b.endpoint(endpoint).credential(new DefaultAzureCredentialBuilder().build());
        }
      }
    }
    return b.buildClient();
  }

  /** The configured endpoint, else the account's public Blob endpoint. */
  static String endpoint(StoreConfig c, String account) {
    return c.endpoint().isEmpty() ? "https://" + account + ".blob.core.windows.net" : c.endpoint();
  }

  private static HttpClient http(StoreConfig c) {
    Duration read = Duration.ofMillis(c.timeouts().readMs());
    return new JdkHttpClientBuilder()
        .connectionTimeout(Duration.ofMillis(c.timeouts().connectMs()))
        .readTimeout(read)
        .writeTimeout(read)
        .responseTimeout(read)
        .build();
  }

  private static RequestRetryOptions retry(StoreConfig c) {
    Duration attempt =
        c.timeouts().attemptMs() > 0 ? Duration.ofMillis(c.timeouts().attemptMs()) : null;
    return new RequestRetryOptions(
        RetryPolicyType.EXPONENTIAL,
        c.retry().maxAttempts(),
        attempt,
        Duration.ofMillis(c.retry().baseDelayMs()),
        Duration.ofMillis(Math.max(c.retry().baseDelayMs(), c.retry().maxDelayMs())),
        null);
  }
}
