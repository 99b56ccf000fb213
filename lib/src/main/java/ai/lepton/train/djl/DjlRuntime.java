package ai.lepton.train.djl;

import ai.djl.engine.Engine;
import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads DJL's PyTorch engine offline, once per JVM, on the driver and in every executor task: the
 * native library comes from the {@code pytorch-native-cpu} jar and unpacks into one cache folder
 * per machine (about 430 MB on first use), and PyTorch's thread pools get a fixed size so tasks
 * that share an executor's cores do not oversubscribe them.
 *
 * <p>What it sets, before the engine loads and only where nothing was set already: the system
 * properties {@code ai.djl.offline=true}, {@code DJL_CACHE_DIR} and {@code ENGINE_CACHE_DIR} (DJL
 * reads them when the environment variables of the same names are not set), and {@code
 * ai.djl.pytorch.num_threads} / {@code num_interop_threads}. PyTorch's thread counts belong to the
 * process: the first call in a JVM decides them.
 */
public final class DjlRuntime {

  /** The PyTorch engine's name in DJL. */
  public static final String ENGINE = "PyTorch";

  /** The config key of the cache folder; empty means {@link #defaultCacheDir()} on each machine. */
  public static final String CACHE_DIR_KEY = "lepton.train.djl.cache-dir";

  private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
  private static String configuredCacheDir;
  private static Engine engine;

  private DjlRuntime() {}

  /**
   * Sets the cache folder this driver passes to its tasks (from {@link #CACHE_DIR_KEY}); null or
   * blank keeps each machine's {@link #defaultCacheDir()}.
   */
  public static synchronized void configure(String cacheDir) {
    configuredCacheDir = cacheDir == null || cacheDir.isBlank() ? null : cacheDir;
  }

  /** The cache folder set by {@link #configure}, or null for each machine's default. */
  public static synchronized String configuredCacheDir() {
    return configuredCacheDir;
  }

  /** {@code ${user.home}/.lepton/djl}, or a folder under the temp dir when home is not writable. */
  public static Path defaultCacheDir() {
    Path home = Path.of(System.getProperty("user.home", "."));
    if (Files.isWritable(home)) {
      return home.resolve(".lepton").resolve("djl");
    }
    return Path.of(System.getProperty("java.io.tmpdir"))
        .resolve("lepton-djl-" + System.getProperty("user.name", "user"));
  }

  /** The engine with the configured cache folder and one thread per pool. */
  public static Engine ensure() {
    return ensure(configuredCacheDir(), 1);
  }

  /** The engine with {@code cacheDir} (null for the default) and one thread per pool. */
  public static Engine ensure(Path cacheDir) {
    return ensure(cacheDir == null ? null : cacheDir.toString(), 1);
  }

  /**
   * The PyTorch engine, loaded offline on first use with {@code cacheDir} (null or blank for {@link
   * #defaultCacheDir()}) and {@code threads} threads in each of PyTorch's pools; later calls return
   * the same engine.
   */
  public static synchronized Engine ensure(String cacheDir, int threads) {
    if (engine != null) {
      return engine;
    }
    Path dir =
        cacheDir == null || cacheDir.isBlank()
            ? defaultCacheDir()
            : Path.of(cacheDir).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LeptonException(
          "Cannot create the DJL cache folder "
              + dir
              + ": "
              + Failures.rootMessage(e)
              + ". Point "
              + CACHE_DIR_KEY
              + " at a writable folder (about 430 MB on first use).",
          e);
    }
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("DJL_CACHE_DIR", dir.toString());
    setIfAbsent("ENGINE_CACHE_DIR", dir.toString());
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, threads)));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", Integer.toString(Math.max(1, threads)));
    try {
      engine = Engine.getEngine(ENGINE);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new LeptonException(
          "Cannot load DJL's PyTorch engine offline from "
              + dir
              + ": "
              + Failures.rootMessage(e)
              + ". The native library comes from the ai.djl.pytorch:pytorch-native-cpu jar"
              + " (classifier linux-x86_64) on the classpath and unpacks into "
              + CACHE_DIR_KEY
              + "; check that the jar is there and the folder is writable with ~430 MB free.",
          e);
    }
    LOG.info(
        "DJL {} engine {} loaded (cache {}, {} threads)",
        ENGINE,
        engine.getVersion(),
        dir,
        System.getProperty("ai.djl.pytorch.num_threads"));
    return engine;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
