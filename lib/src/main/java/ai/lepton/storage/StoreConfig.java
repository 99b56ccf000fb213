package ai.lepton.storage;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Redactor;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named store's settings: a {@code lepton.stores.<name>} entry over {@code
 * lepton.store-defaults}. Parsed and checked before any work starts; serializable so that a store
 * can be rebuilt on a Spark executor. {@link StoreConfigReader} reads and checks the keys.
 *
 * @param name the key under {@code lepton.stores}, or a built-in default's name
 * @param configured true when it comes from {@code lepton.stores}, false for a built-in default
 * @param type the kind of store
 * @param buckets S3: the buckets this store serves (empty: any bucket no other store names)
 * @param account Azure: the storage account this store serves (empty: any account)
 * @param containers Azure: the containers of {@code account} it serves (empty: all)
 * @param endpoint service endpoint override, or empty for the cloud's own
 * @param region S3 region, or empty for the SDK's region chain
 * @param pathStyleAccess S3: address buckets in the path rather than the host name
 * @param emulator the store is a local emulator (s3proxy, Azurite)
 * @param credentials how to authenticate
 * @param multipart part sizes and parallelism of uploads
 * @param retry retries of failed requests
 * @param timeouts connect, read and per-attempt timeouts
 * @param verifyWrites how writes are checked
 */
public record StoreConfig(
    String name,
    boolean configured,
    StoreType type,
    List<String> buckets,
    String account,
    List<String> containers,
    String endpoint,
    String region,
    boolean pathStyleAccess,
    boolean emulator,
    Credentials credentials,
    Multipart multipart,
    Retry retry,
    Timeouts timeouts,
    VerifyWrites verifyWrites)
    implements Serializable {

  /** Where named stores live in the config. */
  public static final String STORES = "lepton.stores";

  /** The defaults every named store falls back to. */
  public static final String DEFAULTS = "lepton.store-defaults";

  /** How writes are checked after the store accepted them. */
  public enum VerifyWrites {
    /** Trust the server's checksum when it reports one for every request, else read back. */
    AUTO,
    /** Always read the object back and compare its SHA-256. */
    REREAD,
    /** Only compute and return the SHA-256. */
    NONE
  }

  /**
   * How a store authenticates. Secrets come from environment substitution in the config or from the
   * SDKs' own chains; {@link #toString()} never shows them.
   *
   * @param mode S3: default, profile, static, anonymous; Azure: default, connection-string, sas,
   *     account-key; local: default
   * @param profile S3 profile name for mode profile
   * @param accessKeyId S3 access key id for mode static
   * @param secretAccessKey S3 secret key for mode static
   * @param sessionToken S3 session token for temporary static credentials, else empty
   * @param connectionString Azure connection string for mode connection-string
   * @param sasToken Azure SAS token for mode sas
   * @param accountKey Azure account key for mode account-key
   */
  public record Credentials(
      String mode,
      String profile,
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      String connectionString,
      String sasToken,
      String accountKey)
      implements Serializable {

    /** The secret values that are set, so that error messages can be scrubbed of them. */
    public List<String> secrets() {
      List<String> out = new ArrayList<>();
      for (String s :
          List.of(secretAccessKey, sessionToken, connectionString, sasToken, accountKey)) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "Credentials[mode="
          + mode
          + ", profile="
          + profile
          + ", secrets "
          + Redactor.MASK
          + "]";
    }
  }

  /**
   * Upload sizes.
   *
   * @param thresholdBytes data up to this size goes in one request, larger data in parts
   * @param partSizeBytes size of each part (the first may be up to the threshold)
   * @param parallelism parts uploaded at once per object
   */
  public record Multipart(long thresholdBytes, long partSizeBytes, int parallelism)
      implements Serializable {}

  /**
   * Retries, done by the SDKs' own retry policies with exponential backoff and jitter.
   *
   * @param maxAttempts attempts per request, the first included
   * @param baseDelayMs delay before the first retry
   * @param maxDelayMs longest delay between retries
   */
  public record Retry(int maxAttempts, long baseDelayMs, long maxDelayMs) implements Serializable {}

  /**
   * Timeouts.
   *
   * @param connectMs to open a connection
   * @param readMs with no data moving on an open connection
   * @param attemptMs for one attempt of one request (0: none)
   */
  public record Timeouts(long connectMs, long readMs, long attemptMs) implements Serializable {}

  /** The config key of this store's setting {@code name}, for messages. */
  public String key(String name) {
    return configured ? STORES + "." + name() + "." + name : DEFAULTS + "." + name;
  }

  /** Every store under {@code lepton.stores}, in config order, parsed and checked. */
  public static Map<String, StoreConfig> all(LeptonConfig config) {
    Config root = config.raw();
    Map<String, StoreConfig> out = new LinkedHashMap<>();
    if (!root.hasPath(STORES)) {
      return out;
    }
    Config defaults = root.getConfig(DEFAULTS);
    for (String name : root.getObject(STORES).keySet()) {
      String path = STORES + ".\"" + name + "\"";
      Config own;
      try {
        own = root.getConfig(path);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(
            STORES
                + "."
                + name
                + " must be an object, e.g. "
                + STORES
                + "."
                + name
                + " { type = s3, region = \"eu-west-1\" }");
      }
      out.put(name, StoreConfigReader.parse(name, true, own.withFallback(defaults)));
    }
    return out;
  }

  /** A built-in store of {@code type} with the defaults, for locations no named store serves. */
  public static StoreConfig builtIn(LeptonConfig config, String name, StoreType type) {
    Config defaults = config.raw().getConfig(DEFAULTS);
    Config typed = ConfigFactory.parseMap(Map.of("type", type.configName()));
    return StoreConfigReader.parse(name, false, typed.withFallback(defaults));
  }

  /**
   * How specifically this store serves {@code location}: 3 names its bucket or container, 2 names
   * its Azure account, 1 serves any location of its type, 0 does not serve it.
   */
  int matchScore(Location location) {
    if (location.type() != type) {
      return 0;
    }
    return switch (type) {
      case S3 -> buckets.isEmpty() ? 1 : buckets.contains(location.bucket()) ? 3 : 0;
      case AZURE -> {
        if (account.isEmpty()) {
          yield 1;
        }
        if (!account.equals(location.account())) {
          yield 0;
        }
        yield containers.isEmpty() ? 2 : containers.contains(location.bucket()) ? 3 : 0;
      }
      case LOCAL -> 1;
    };
  }

  /** What this store serves, for messages: "buckets [a, b]", "account acct", "any s3 bucket". */
  String serves() {
    return switch (type) {
      case S3 -> buckets.isEmpty() ? "any s3 bucket" : "buckets " + buckets;
      case AZURE ->
          account.isEmpty()
              ? "any azure account"
              : "account " + account + (containers.isEmpty() ? "" : " containers " + containers);
      case LOCAL -> "local paths";
    };
  }
}
