package ai.lepton.spark;

import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.storage.HadoopStoreConf;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Gets the SparkSession a Lepton job runs on. A session the platform already runs (Databricks,
 * Zeppelin) is used as it is. Under {@code spark-submit} (EMR, standalone, YARN) the platform's
 * settings win and only missing Delta settings are added. Anywhere else Lepton starts local Spark.
 */
public final class LeptonSpark {

  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private LeptonSpark() {}

  /**
   * The platform's session, or a new one configured from {@code lepton.spark}; either way with
   * {@code lepton.stores} written into its Hadoop configuration ({@link HadoopStoreConf}).
   */
  public static SparkSession session(LeptonConfig config) {
    DurablePaths.workDir(config);
    Optional<SparkSession> running = running();
    if (running.isPresent()) {
      HadoopStoreConf.apply(config, running.get());
      return running.get();
    }
    Settings s = Settings.at(config.raw(), "lepton.spark");
    SparkConf platform = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder();
    if (!platform.contains("spark.app.name")) {
      builder.appName(s.string("app-name"));
    }
    if (!platform.contains("spark.master")) {
      String master = s.string("master");
      builder.master(master.isBlank() ? "local[*]" : master);
      localDefaults(DurablePaths.workDir(config).toString())
          .forEach((k, v) -> setIfAbsent(builder, platform, k, v));
    }
    setIfAbsent(builder, platform, "spark.sql.extensions", DELTA_EXTENSION);
    setIfAbsent(builder, platform, "spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    s.stringMap("conf").forEach(builder::config);
    SparkSession session = builder.getOrCreate();
    HadoopStoreConf.apply(config, session);
    return session;
  }

  /** True when a Spark session is already running in this JVM. */
  public static boolean isRunning() {
    return running().isPresent();
  }

  /** Settings for local Spark: no UI, loopback only, small shuffles, state under the work dir. */
  static Map<String, String> localDefaults(String workDir) {
    Path dir = Path.of(workDir).toAbsolutePath();
    int cores = Runtime.getRuntime().availableProcessors();
    return Map.of(
        "spark.ui.enabled", "false",
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1",
        "spark.sql.shuffle.partitions", String.valueOf(Math.max(2, cores * 2)),
        "spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, cores)),
        "spark.sql.warehouse.dir", dir.resolve("warehouse").toString(),
        "spark.local.dir", dir.resolve("scratch").toString());
  }

  private static void setIfAbsent(
      SparkSession.Builder builder, SparkConf platform, String key, String value) {
    if (!platform.contains(key)) {
      builder.config(key, value);
    }
  }

  private static Optional<SparkSession> running() {
    Optional<SparkSession> active = toOptional(SparkSession.getActiveSession());
    return active.isPresent() ? active : toOptional(SparkSession.getDefaultSession());
  }

  private static <T> Optional<T> toOptional(scala.Option<T> option) {
    return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
  }
}
