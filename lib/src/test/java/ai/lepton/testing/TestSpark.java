package ai.lepton.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session every test in a JVM shares: local[2], UI off, 127.0.0.1, two shuffle
 * partitions, Delta enabled.
 */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      Path warehouse;
      try {
        warehouse = Files.createTempDirectory("lepton-test-warehouse");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("lepton-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              .config("spark.sql.warehouse.dir", warehouse.toString())
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .getOrCreate();
    }
    return session;
  }
}
