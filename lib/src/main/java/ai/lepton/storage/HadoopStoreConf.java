package ai.lepton.storage;

import ai.lepton.config.LeptonConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that turns {@code lepton.stores} into Hadoop settings, so Spark reads and writes
 * {@code s3a://}, {@code wasb(s)://} and {@code abfs(s)://} with the same endpoints and credentials
 * as Lepton's own stores. {@link ai.lepton.spark.LeptonSpark#session} applies it to every session
 * it returns; call {@link #apply(LeptonConfig, SparkSession)} yourself on a session you built, e.g.
 * in a Databricks or Zeppelin notebook.
 *
 * <p>S3 stores that name buckets get per-bucket keys ({@code fs.s3a.bucket.BUCKET.*}); the S3 store
 * that names none gets the global {@code fs.s3a.*} keys. Azure stores get per-account keys. Values
 * go into the session's Hadoop configuration only (not into SparkConf, which Spark's UI shows).
 * Hadoop caches file systems per bucket: apply before the first read of a bucket.
 */
public final class HadoopStoreConf {

  /** s3a's static-key provider. */
  static final String S3A_SIMPLE = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";

  /** s3a's static-key provider with a session token. */
  static final String S3A_TEMPORARY = "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider";

  /** s3a's provider for public buckets. */
  static final String S3A_ANONYMOUS = "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider";

  /** The AWS SDK v1 profile provider s3a can use (it reads AWS_PROFILE). */
  static final String S3A_PROFILE = "com.amazonaws.auth.profile.ProfileCredentialsProvider";

  /** abfs's OAuth client-credentials provider. */
  static final String ABFS_CLIENT_CREDS =
      "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider";

  private HadoopStoreConf() {}

  /** Writes the settings of every store in {@code config} into the session's Hadoop conf. */
  public static Map<String, String> apply(LeptonConfig config, SparkSession spark) {
    Map<String, String> settings = settings(ObjectStores.from(config));
    apply(settings, spark.sparkContext().hadoopConfiguration());
    return settings;
  }

  /** Writes {@code settings} into a Hadoop configuration. */
  public static void apply(Map<String, String> settings, Configuration conf) {
    settings.forEach(conf::set);
  }

  /**
   * The Hadoop settings of every configured store, in config order, after the retry and timeout
   * limits of {@code lepton.store-defaults} for locations no store serves. Values may be secrets.
   */
  public static Map<String, String> settings(ObjectStores stores) {
    Map<String, String> out = new LinkedHashMap<>();
    s3Limits(stores.builtIn(StoreType.S3), "fs.s3a.", out);
    StoreConfig azure =
        stores.configured().stream()
            .filter(c -> c.type() == StoreType.AZURE)
            .findFirst()
            .orElse(stores.builtIn(StoreType.AZURE));
    azureLimits(azure, out);
    for (StoreConfig c : stores.configured()) {
      out.putAll(forStore(c));
    }
    return out;
  }

  /** The Hadoop settings for one store. */
  public static Map<String, String> forStore(StoreConfig c) {
    return switch (c.type()) {
      case S3 -> s3(c);
      case AZURE -> azure(c);
      case LOCAL -> Map.of();
    };
  }

  private static Map<String, String> s3(StoreConfig c) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> prefixes = new ArrayList<>();
    if (c.buckets().isEmpty()) {
      prefixes.add("fs.s3a.");
    } else {
      c.buckets().forEach(b -> prefixes.add("fs.s3a.bucket." + b + "."));
    }
    for (String p : prefixes) {
      if (!c.endpoint().isEmpty()) {
        out.put(p + "endpoint", c.endpoint());
        out.put(p + "connection.ssl.enabled", Boolean.toString(c.endpoint().startsWith("https")));
      }
      if (!c.region().isEmpty()) {
        out.put(p + "endpoint.region", c.region());
      } else if (!c.endpoint().isEmpty()) {
        out.put(p + "endpoint.region", "us-east-1");
      }
      out.put(p + "path.style.access", Boolean.toString(c.pathStyleAccess()));
      s3Credentials(c, p, out);
      if (c.emulator()) {
        out.put(p + "change.detection.mode", "client");
      }
      s3Limits(c, p, out);
      out.put(p + "multipart.size", Long.toString(c.multipart().partSizeBytes()));
      out.put(p + "multipart.threshold", Long.toString(c.multipart().thresholdBytes()));
    }
    return out;
  }

  /**
   * Bounds s3a's retries and timeouts by the store's: S3A's own retry policy makes {@code
   * max-attempts} attempts (delays doubling from {@code base-delay-ms}); the AWS SDK inside it
   * makes one attempt each, so the attempts do not multiply.
   */
  private static void s3Limits(StoreConfig c, String p, Map<String, String> out) {
    String retries = Integer.toString(retries(c));
    String delay = c.retry().baseDelayMs() + "ms";
    out.put(p + "attempts.maximum", "0");
    out.put(p + "retry.limit", retries);
    out.put(p + "retry.interval", delay);
    out.put(p + "retry.throttle.limit", retries);
    out.put(p + "retry.throttle.interval", delay);
    out.put(p + "connection.establish.timeout", Long.toString(c.timeouts().connectMs()));
    out.put(p + "connection.timeout", Long.toString(c.timeouts().readMs()));
  }

  /**
   * Bounds wasb's and abfs's retries by the store's ({@code fs.azure.io.retry.*}, which both read),
   * and wasb's per-request timeout ({@code fs.azure.storage.timeout}, in seconds: used for connect
   * and read) by {@code read-timeout-ms}. abfs's connect and read timeouts are fixed at 30 s in
   * Hadoop 3.3.4. wasb reads these settings per JVM, not per account.
   */
  private static void azureLimits(StoreConfig c, Map<String, String> out) {
    azureRetries(c, "", out);
    out.put("fs.azure.io.copyblob.retry.max.retries", Integer.toString(retries(c)));
    out.put("fs.azure.io.copyblob.retry.min.backoff.interval", Long.toString(minDelay(c)));
    out.put("fs.azure.io.copyblob.retry.backoff.interval", Long.toString(minDelay(c)));
    out.put("fs.azure.io.copyblob.retry.max.backoff.interval", Long.toString(maxDelay(c)));
    out.put("fs.azure.oauth.token.fetch.retry.max.retries", Integer.toString(retries(c)));
    if (c.timeouts().readMs() > 0) {
      out.put(
          "fs.azure.storage.timeout",
          Long.toString(Math.max(1, (c.timeouts().readMs() + 999) / 1000)));
    }
  }

  /** The retry keys wasb and abfs share; abfs also reads them per account ({@code suffix}). */
  private static void azureRetries(StoreConfig c, String suffix, Map<String, String> out) {
    out.put("fs.azure.io.retry.max.retries" + suffix, Integer.toString(retries(c)));
    out.put("fs.azure.io.retry.min.backoff.interval" + suffix, Long.toString(minDelay(c)));
    out.put("fs.azure.io.retry.backoff.interval" + suffix, Long.toString(minDelay(c)));
    out.put("fs.azure.io.retry.max.backoff.interval" + suffix, Long.toString(maxDelay(c)));
  }

  private static int retries(StoreConfig c) {
    return Math.max(0, c.retry().maxAttempts() - 1);
  }

  private static long minDelay(StoreConfig c) {
    return c.retry().baseDelayMs();
  }

  private static long maxDelay(StoreConfig c) {
    return Math.max(c.retry().baseDelayMs(), c.retry().maxDelayMs());
  }

  private static void s3Credentials(StoreConfig c, String p, Map<String, String> out) {
    StoreConfig.Credentials k = c.credentials();
    switch (k.mode()) {
      case "static" -> {
        out.put(p + "access.key", k.accessKeyId());
        out.put(p + "secret.key", k.secretAccessKey());
        if (k.sessionToken().isEmpty()) {
          out.put(p + "aws.credentials.provider", S3A_SIMPLE);
        } else {
          out.put(p + "session.token", k.sessionToken());
          out.put(p + "aws.credentials.provider", S3A_TEMPORARY);
        }
      }
      case "anonymous" -> out.put(p + "aws.credentials.provider", S3A_ANONYMOUS);
      case "profile" -> out.put(p + "aws.credentials.provider", S3A_PROFILE);
      default -> {}
    }
  }

  private static Map<String, String> azure(StoreConfig c) {
    Map<String, String> out = new LinkedHashMap<>();
    String account = c.account().isEmpty() && c.emulator() ? "devstoreaccount1" : c.account();
    String blob = account + ".blob.core.windows.net";
    String dfs = account + ".dfs.core.windows.net";
    StoreConfig.Credentials k = c.credentials();
    String mode = k.mode();
    String key = k.accountKey();
    String sas = k.sasToken();
    if (mode.equals("connection-string")) {
      Map<String, String> parts = parseConnectionString(k.connectionString());
      account = parts.getOrDefault("accountname", account);
      blob = account + ".blob.core.windows.net";
      dfs = account + ".dfs.core.windows.net";
      key = parts.getOrDefault("accountkey", "");
      sas = parts.getOrDefault("sharedaccesssignature", "");
      mode = !key.isEmpty() ? "account-key" : !sas.isEmpty() ? "sas" : mode;
    }
    if (c.emulator() && mode.equals("default")) {
      out.put("fs.azure.storage.emulator.account.name", blob);
      return out;
    }
    if (account.isEmpty()) {
      return out;
    }
    azureRetries(c, "." + dfs, out);
    switch (mode) {
      case "account-key" -> {
        out.put("fs.azure.account.key." + blob, key);
        out.put("fs.azure.account.auth.type." + dfs, "SharedKey");
        out.put("fs.azure.account.key." + dfs, key);
      }
      case "sas" -> {
        String token = sas.startsWith("?") ? sas.substring(1) : sas;
        for (String container : c.containers()) {
          out.put("fs.azure.sas." + container + "." + blob, token);
        }
      }
      default -> clientCredentials(dfs, out);
    }
    return out;
  }

  /** abfs OAuth from DefaultAzureCredential's environment variables, when they are all set. */
  private static void clientCredentials(String dfs, Map<String, String> out) {
    String id = System.getenv("AZURE_CLIENT_ID");
    String secret = System.getenv("AZURE_CLIENT_SECRET");
    String tenant = System.getenv("AZURE_TENANT_ID");
    if (id == null || secret == null || tenant == null) {
      return;
    }
    out.put("fs.azure.account.auth.type." + dfs, "OAuth");
    out.put("fs.azure.account.oauth.provider.type." + dfs, ABFS_CLIENT_CREDS);
    out.put("fs.azure.account.oauth2.client.id." + dfs, id);
    out.put("fs.azure.account.oauth2.client.secret." + dfs, secret);
    out.put(
        "fs.azure.account.oauth2.client.endpoint." + dfs,
        "https://login.microsoftonline.com/" + tenant + "/oauth2/token");
  }

  /** The parts of an Azure connection string, keys lower-cased. */
  static Map<String, String> parseConnectionString(String cs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : cs.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(
            part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      }
    }
    return out;
  }
}
