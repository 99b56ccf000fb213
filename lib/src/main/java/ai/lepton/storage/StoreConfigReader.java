package ai.lepton.storage;

import ai.lepton.config.ConfigException;
import ai.lepton.config.Settings;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one store's keys into a {@link StoreConfig} and checks them (credentials mode and its
 * secrets, which keys apply to which type, sizes), so that a bad store fails before any work starts
 * with a message naming the key.
 */
final class StoreConfigReader {

  /** S3's smallest part, except the last one. */
  static final long S3_MIN_PART_BYTES = 5L * 1024 * 1024;

  private static final Map<StoreType, Set<String>> MODES =
      Map.of(
          StoreType.S3, Set.of("default", "profile", "static", "anonymous"),
          StoreType.AZURE, Set.of("default", "connection-string", "sas", "account-key"),
          StoreType.LOCAL, Set.of("default"));

  private StoreConfigReader() {}

  /** The store {@code name} from {@code c} (its own keys over the defaults), checked. */
  static StoreConfig parse(String name, boolean configured, Config c) {
    Settings s =
        new Settings(c, configured ? StoreConfig.STORES + "." + name : StoreConfig.DEFAULTS);
    String typeName = s.string("type");
    StoreType type = StoreType.forConfigName(typeName);
    if (type == null) {
      throw new ConfigException(
          s.key("type")
              + (typeName.isBlank() ? " is not set" : " = '" + typeName + "' is not a store type")
              + ". Set it to s3, azure or local.");
    }
    StoreConfig parsed =
        new StoreConfig(
            name,
            configured,
            type,
            s.strings("buckets"),
            s.string("account").trim().toLowerCase(Locale.ROOT),
            s.strings("containers"),
            trimSlash(s.string("endpoint").trim()),
            s.string("region").trim(),
            s.bool("path-style-access"),
            s.bool("emulator"),
            credentials(s),
            new StoreConfig.Multipart(
                s.whole("multipart.threshold-bytes"),
                s.whole("multipart.part-size-bytes"),
                (int) s.whole("multipart.parallelism")),
            new StoreConfig.Retry(
                (int) s.whole("retry.max-attempts"),
                s.whole("retry.base-delay-ms"),
                s.whole("retry.max-delay-ms")),
            new StoreConfig.Timeouts(
                s.whole("connect-timeout-ms"),
                s.whole("read-timeout-ms"),
                s.whole("attempt-timeout-ms")),
            verifyWrites(s));
    check(parsed, s);
    return parsed;
  }

  private static StoreConfig.Credentials credentials(Settings s) {
    return new StoreConfig.Credentials(
        s.string("credentials.mode").trim().toLowerCase(Locale.ROOT),
        s.string("credentials.profile").trim(),
        s.string("credentials.access-key-id").trim(),
        s.string("credentials.secret-access-key").trim(),
        s.string("credentials.session-token").trim(),
        s.string("credentials.connection-string").trim(),
        s.string("credentials.sas-token").trim(),
        s.string("credentials.account-key").trim());
  }

  private static StoreConfig.VerifyWrites verifyWrites(Settings s) {
    String v = s.string("verify-writes").trim().toUpperCase(Locale.ROOT);
    try {
      return StoreConfig.VerifyWrites.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          s.key("verify-writes")
              + " = '"
              + v.toLowerCase(Locale.ROOT)
              + "' is not valid. Use auto, reread or none.");
    }
  }

  private static void check(StoreConfig c, Settings s) {
    StoreType type = c.type();
    StoreConfig.Credentials credentials = c.credentials();
    List<String> buckets = c.buckets();
    String account = c.account();
    List<String> containers = c.containers();
    StoreConfig.Multipart multipart = c.multipart();
    StoreConfig.Retry retry = c.retry();
    if (!MODES.get(type).contains(credentials.mode())) {
      throw new ConfigException(
          s.key("credentials.mode")
              + " = '"
              + credentials.mode()
              + "' is not valid for type "
              + type.configName()
              + ". Use one of "
              + String.join(", ", modes(type))
              + ".");
    }
    requireSecrets(c, s);
    if (type != StoreType.S3 && !buckets.isEmpty()) {
      throw new ConfigException(
          s.key("buckets")
              + " applies to s3 stores only; an azure store names its account and"
              + " containers.");
    }
    if (type != StoreType.AZURE && (!account.isEmpty() || !containers.isEmpty())) {
      throw new ConfigException(
          s.key(account.isEmpty() ? "containers" : "account") + " applies to azure stores only.");
    }
    if (!containers.isEmpty() && account.isEmpty()) {
      throw new ConfigException(
          s.key("containers") + " needs " + s.key("account") + ": name the storage account.");
    }
    positive(s, "multipart.threshold-bytes", multipart.thresholdBytes());
    positive(s, "multipart.part-size-bytes", multipart.partSizeBytes());
    positive(s, "multipart.parallelism", multipart.parallelism());
    positive(s, "retry.max-attempts", retry.maxAttempts());
    if (type == StoreType.S3 && multipart.partSizeBytes() < S3_MIN_PART_BYTES) {
      throw new ConfigException(
          s.key("multipart.part-size-bytes")
              + " = "
              + multipart.partSizeBytes()
              + " is below S3's smallest part. Use at least "
              + S3_MIN_PART_BYTES
              + ".");
    }
    if (multipart.partSizeBytes() > Integer.MAX_VALUE - 64
        || multipart.thresholdBytes() > Integer.MAX_VALUE - 64) {
      throw new ConfigException(
          s.key("multipart.part-size-bytes")
              + " and "
              + s.key("multipart.threshold-bytes")
              + " must be below 2 GiB (each part is held in memory while it uploads).");
    }
  }

  private static void requireSecrets(StoreConfig c, Settings s) {
    StoreConfig.Credentials credentials = c.credentials();
    String account = c.account();
    switch (credentials.mode()) {
      case "static" -> {
        require(s, "credentials.access-key-id", credentials.accessKeyId(), "AWS_ACCESS_KEY_ID");
        require(
            s,
            "credentials.secret-access-key",
            credentials.secretAccessKey(),
            "AWS_SECRET_ACCESS_KEY");
      }
      case "profile" -> require(s, "credentials.profile", credentials.profile(), "AWS_PROFILE");
      case "connection-string" ->
          require(
              s,
              "credentials.connection-string",
              credentials.connectionString(),
              "AZURE_STORAGE_CONNECTION_STRING");
      case "sas" -> {
        require(s, "credentials.sas-token", credentials.sasToken(), "AZURE_STORAGE_SAS_TOKEN");
        requireAccountOrEndpoint(c, s);
      }
      case "account-key" -> {
        require(s, "credentials.account-key", credentials.accountKey(), "AZURE_STORAGE_KEY");
        if (account.isEmpty()) {
          throw new ConfigException(
              s.key("account")
                  + " is not set but credentials.mode = account-key needs it. Set"
                  + " it to the storage account's name.");
        }
      }
      default -> {}
    }
  }

  private static void requireAccountOrEndpoint(StoreConfig c, Settings s) {
    if (c.account().isEmpty() && c.endpoint().isEmpty()) {
      throw new ConfigException(
          s.key("account")
              + " is not set but credentials.mode = sas needs it (or "
              + s.key("endpoint")
              + "). Set it to the storage account's name.");
    }
  }

  private static void require(Settings s, String name, String value, String env) {
    if (value.isEmpty()) {
      String leaf = name.substring(name.lastIndexOf('.') + 1);
      throw new ConfigException(
          s.key(name)
              + " is empty but "
              + s.key("credentials.mode")
              + " needs it. Set it from"
              + " the environment, e.g. "
              + leaf
              + " = ${?"
              + env
              + "}, and export "
              + env
              + ".");
    }
  }

  private static void positive(Settings s, String name, long value) {
    if (value <= 0) {
      throw new ConfigException(s.key(name) + " must be positive, got " + value + ".");
    }
  }

  private static List<String> modes(StoreType type) {
    return MODES.get(type).stream().sorted().toList();
  }

  private static String trimSlash(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }
}
