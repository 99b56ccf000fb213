package ai.lepton.storage.s3;

import ai.lepton.storage.StoreConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the synchronous, Java-based S3 client (Apache HTTP, no CRT) from a store's settings:
 * endpoint, region, path style, credentials, the SDK's standard retry strategy and timeouts.
 */
final class S3Clients {

  private S3Clients() {}

  static S3Client build(StoreConfig c) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClientBuilder(http(c))
            .overrideConfiguration(overrides(c))
            .credentialsProvider(credentials(c))
            .region(region(c))
            .forcePathStyle(c.pathStyleAccess())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (c.endpoint().isEmpty()) {
      b.crossRegionAccessEnabled(true);
    } else {
      b.endpointOverride(URI.create(c.endpoint()));
    }
    return b.build();
  }

  private static ApacheHttpClient.Builder http(StoreConfig c) {
    return ApacheHttpClient.builder()
        .connectionTimeout(Duration.ofMillis(c.timeouts().connectMs()))
        .socketTimeout(Duration.ofMillis(c.timeouts().readMs()))
        .maxConnections(Math.max(50, c.multipart().parallelism() * 4));
  }

  private static ClientOverrideConfiguration overrides(StoreConfig c) {
    BackoffStrategy backoff =
        BackoffStrategy.exponentialDelay(
            Duration.ofMillis(c.retry().baseDelayMs()), Duration.ofMillis(c.retry().maxDelayMs()));
    RetryStrategy retry =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(c.retry().maxAttempts())
            .backoffStrategy(backoff)
            .throttlingBackoffStrategy(backoff)
            .build();
    ClientOverrideConfiguration.Builder o =
        ClientOverrideConfiguration.builder().retryStrategy(retry);
    if (c.timeouts().attemptMs() > 0) {
      o.apiCallAttemptTimeout(Duration.ofMillis(c.timeouts().attemptMs()));
    }
    return o.build();
  }

  static AwsCredentialsProvider credentials(StoreConfig c) {
    StoreConfig.Credentials k = c.credentials();
    return switch (k.mode()) {
      case "static" ->
          StaticCredentialsProvider.create(
              k.sessionToken().isEmpty()
                  ? AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())
                  : AwsSessionCredentials.create(
                      k.accessKeyId(), k.secretAccessKey(), k.sessionToken()));
      case "profile" -> ProfileCredentialsProvider.builder().profileName(k.profile()).build();
      case "anonymous" -> AnonymousCredentialsProvider.create();
      default -> DefaultCredentialsProvider.builder().build();
    };
  }

  /** The configured region, else the SDK's region chain, else us-east-1. */
  static Region region(StoreConfig c) {
    if (!c.region().isEmpty()) {
      return Region.of(c.region());
    }
    if (c.endpoint().isEmpty()) {
      try {
        return new DefaultAwsRegionProviderChain().getRegion();
      } catch (RuntimeException e) {
        return Region.US_EAST_1;
      }
    }
    return Region.US_EAST_1;
  }
}
