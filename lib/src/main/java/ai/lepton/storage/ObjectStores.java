package ai.lepton.storage;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.errors.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the store for a location and holds the stores it opened. The scheme picks the type ({@code
 * s3}, {@code s3a} → S3; {@code wasb}, {@code wasbs}, {@code abfs}, {@code abfss} → Azure; {@code
 * file:} or a plain path → local). Among the stores of that type under {@code lepton.stores}, the
 * one that names the location's bucket (S3 {@code buckets}; Azure {@code account} and {@code
 * containers}) wins, then an Azure store naming only the account, then the one store of the type
 * that names none. With no such store, a built-in default serves it: {@value #DEFAULT_S3} (the AWS
 * SDK's credential chain), {@value #DEFAULT_AZURE} (DefaultAzureCredential) or {@value #LOCAL}.
 *
 * <p>Implementations are loaded by class name, as Iceberg's {@code ResolvingFileIO} does, so a
 * program that only uses one cloud does not need the other's SDK on its classpath.
 */
public final class ObjectStores implements Serializable, AutoCloseable {

  /** Name of the built-in S3 store. */
  public static final String DEFAULT_S3 = "default-s3";

  /** Name of the built-in Azure store. */
  public static final String DEFAULT_AZURE = "default-azure";

  /** Name of the built-in local store. */
  public static final String LOCAL = "local";

  private static final Map<StoreType, String> IMPLEMENTATIONS =
      Map.of(
          StoreType.S3, "ai.lepton.storage.s3.S3Store",
          StoreType.AZURE, "ai.lepton.storage.azure.AzureStore",
          StoreType.LOCAL, "ai.lepton.storage.local.LocalStore");

  private final Map<String, StoreConfig> configured;
  private final Map<StoreType, StoreConfig> builtIns;
  private transient Map<String, ObjectStore> open;

  private ObjectStores(Map<String, StoreConfig> configured, Map<StoreType, StoreConfig> builtIns) {
    this.configured = configured;
    this.builtIns = builtIns;
  }

  /** The stores of {@code lepton.stores}, checked (ConfigException on a problem). */
  public static ObjectStores from(LeptonConfig config) {
    Map<String, StoreConfig> stores = StoreConfig.all(config);
    checkOverlaps(stores.values());
    Map<StoreType, StoreConfig> builtIns = new LinkedHashMap<>();
    builtIns.put(StoreType.S3, StoreConfig.builtIn(config, DEFAULT_S3, StoreType.S3));
    builtIns.put(StoreType.AZURE, StoreConfig.builtIn(config, DEFAULT_AZURE, StoreType.AZURE));
    builtIns.put(StoreType.LOCAL, StoreConfig.builtIn(config, LOCAL, StoreType.LOCAL));
    return new ObjectStores(stores, builtIns);
  }

  /** The stores configured under {@code lepton.stores}, in config order. */
  public Collection<StoreConfig> configured() {
    return configured.values();
  }

  /** The built-in store of {@code type}: the settings of locations no configured store serves. */
  public StoreConfig builtIn(StoreType type) {
    return builtIns.get(type);
  }

  /** The settings of the store that serves {@code uri}. */
  public StoreConfig configFor(String uri) {
    Location location = Location.parse(uri);
    StoreConfig best = null;
    int bestScore = 0;
    for (StoreConfig c : configured.values()) {
      int score = c.matchScore(location);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best != null ? best : builtIns.get(location.type());
  }

  /** The store that serves {@code uri}. */
  public ObjectStore forUri(String uri) {
    return open(configFor(uri));
  }

  /** The store named {@code name} under {@code lepton.stores}, or a built-in one by its name. */
  public ObjectStore named(String name) {
    StoreConfig c = configured.get(name);
    if (c == null) {
      c = builtIns.values().stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
    }
    if (c == null) {
      throw new ConfigException(
          "There is no store named '"
              + name
              + "'. Configured stores: "
              + configured.keySet()
              + "; built-in: "
              + List.of(DEFAULT_S3, DEFAULT_AZURE, LOCAL)
              + ".");
    }
    return open(c);
  }

  /**
   * Copies an object between any two locations, streaming it through this JVM and hashing it on the
   * way, so the result carries the SHA-256 even across clouds.
   */
  public WriteResult transfer(String source, String target) {
    ObjectStore from = forUri(source);
    ObjectStore to = forUri(target);
    ObjectInfo info =
        from.stat(source)
            .orElseThrow(
                () ->
                    StorageException.create(
                        StorageException.Reason.NOT_FOUND,
                        from.name(),
                        "copy",
                        source,
                        "the object does not exist",
                        "Check the location.",
                        null));
    try (InputStream in = from.open(source)) {
      return to.write(target, in, info.size());
    } catch (IOException e) {
      throw StorageException.create(
          StorageException.Reason.FAILED,
          from.name(),
          "copy",
          source,
          "reading it failed: " + Failures.rootMessage(e),
          "Check that " + source + " and " + target + " are reachable, then run again.",
          e);
    }
  }

  /** Closes every store opened here. */
  @Override
  public synchronized void close() {
    if (open == null) {
      return;
    }
    List<IOException> failures = new ArrayList<>();
    for (ObjectStore s : open.values()) {
      try {
        s.close();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    open.clear();
    if (!failures.isEmpty()) {
      throw StorageException.create(
          StorageException.Reason.FAILED,
          null,
          "close",
          "the stores' connections",
          Failures.rootMessage(failures.get(0)),
          "",
          failures.get(0));
    }
  }

  private synchronized ObjectStore open(StoreConfig config) {
    if (open == null) {
      open = new ConcurrentHashMap<>();
    }
    return open.computeIfAbsent(config.name(), n -> instantiate(config));
  }

  /** Creates the store implementation for {@code config} (not shared, not cached). */
  public static ObjectStore instantiate(StoreConfig config) {
    String className = IMPLEMENTATIONS.get(config.type());
    try {
      return (ObjectStore)
          Class.forName(className).getConstructor(StoreConfig.class).newInstance(config);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new ConfigException(
          "Cannot create store '"
              + config.name()
              + "': "
              + Failures.rootMessage(e.getCause())
              + ". Check lepton.stores."
              + config.name()
              + ".",
          e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ConfigException(
          "Cannot create store '"
              + config.name()
              + "' of type "
              + config.type().configName()
              + ": "
              + className
              + " or its SDK is not on the classpath ("
              + e
              + ").");
    }
  }

  private static void checkOverlaps(Collection<StoreConfig> stores) {
    List<StoreConfig> list = new ArrayList<>(stores);
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        String overlap = overlap(list.get(i), list.get(j));
        if (overlap != null) {
          throw new ConfigException(
              "Stores '"
                  + list.get(i).name()
                  + "' and '"
                  + list.get(j).name()
                  + "' both serve "
                  + overlap
                  + ", so a location cannot pick one. Give each store its own "
                  + (list.get(i).type() == StoreType.S3 ? "buckets" : "account or containers")
                  + " under "
                  + StoreConfig.STORES
                  + ".");
        }
      }
    }
  }

  private static String overlap(StoreConfig a, StoreConfig b) {
    if (a.type() != b.type()) {
      return null;
    }
    switch (a.type()) {
      case S3 -> {
        if (a.buckets().isEmpty() && b.buckets().isEmpty()) {
          return "any s3 bucket (neither names buckets)";
        }
        List<String> common = new ArrayList<>(a.buckets());
        common.retainAll(b.buckets());
        return common.isEmpty() ? null : "bucket " + common.get(0);
      }
      case AZURE -> {
        if (!a.account().equals(b.account())) {
          return null;
        }
        if (a.containers().isEmpty() && b.containers().isEmpty()) {
          return a.account().isEmpty() ? "any azure account" : "account " + a.account();
        }
        List<String> common = new ArrayList<>(a.containers());
        common.retainAll(b.containers());
        return common.isEmpty() ? null : "container " + common.get(0) + " of " + a.account();
      }
      default -> {
        return "local paths";
      }
    }
  }
}
