package ai.lepton.spark;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.storage.Location;
import ai.lepton.storage.StoreType;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Where durable things may live. On local Spark anything goes; under a cluster master (EMR,
 * Databricks, standalone) a runs table, a model location or a checkpoint location on the driver's
 * disk would be split between driver and executors or lost with the job cluster, so it is refused
 * before any work starts (Databricks' {@code /Volumes/} and {@code /dbfs/} mounts excepted: every
 * node sees them). {@code lepton.work-dir} is a local folder for scratch and local Spark state
 * only: a URI there is refused, naming the keys that take URIs.
 */
public final class DurablePaths {

  private DurablePaths() {}

  /**
   * Fails when {@code uri} (the value, resolved, of {@code key}) is a local path and {@code master}
   * is not a local master; {@code example} is a value that would do (e.g. {@code
   * s3a://my-bucket/lepton/runs}).
   */
  public static void require(String master, String key, String uri, String example) {
    if (isLocalMaster(master)
        || sharedMount(uri)
        || Location.parse(uri).type() != StoreType.LOCAL) {
      return;
    }
    throw new ConfigException(
        key
            + " resolves to "
            + uri
            + " on the driver's disk, but Spark runs on a cluster ("
            + master
            + "): the executors and later drivers cannot see it, and a job cluster's disks vanish"
            + " when the job ends. Set "
            + key
            + " to a URI every node reaches, e.g. "
            + key
            + " = \""
            + example
            + "\".");
  }

  /** As {@link #require(String, String, String, String)} with the master of {@code spark}. */
  public static void require(SparkSession spark, String key, String uri, String example) {
    require(spark.sparkContext().master(), key, uri, example);
  }

  /**
   * Paths that look local but that every node of a Databricks cluster sees: Unity Catalog volumes
   * ({@code /Volumes/...}) and the DBFS mount ({@code /dbfs/...}).
   */
  static boolean sharedMount(String uri) {
    String path = uri.startsWith("file:") ? uri.substring("file:".length()) : uri;
    path = path.replaceFirst("^/+", "/");
    return path.startsWith("/Volumes/") || path.startsWith("/dbfs/");
  }

  /** True for {@code local}, {@code local[N]}, {@code local[*]} and {@code local-cluster[...]}. */
  public static boolean isLocalMaster(String master) {
    return master == null || master.toLowerCase(Locale.ROOT).startsWith("local");
  }

  /**
   * {@code lepton.work-dir} as an absolute local folder; a URI (s3a://, wasbs://, ...) is refused
   * with the keys to set instead.
   */
  public static Path workDir(LeptonConfig config) {
    String workDir = Settings.at(config.raw(), "lepton").string("work-dir").trim();
    if (workDir.contains("://")) {
      throw new ConfigException(
          "lepton.work-dir is a local folder for scratch files and local Spark state, got '"
              + workDir
              + "'. What must persist takes a URI in its own key: set lepton.track.runs (the runs"
              + " table) and lepton.train.model.uri (models and training checkpoints), e.g."
              + " lepton.train.model.uri = \"s3a://my-bucket/lepton/models\", and leave"
              + " lepton.work-dir a local path.");
    }
    return Path.of(workDir).toAbsolutePath().normalize();
  }
}
