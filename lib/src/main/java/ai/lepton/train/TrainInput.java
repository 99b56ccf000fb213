package ai.lepton.train;

import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import ai.lepton.data.InputException;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A Delta table pinned to one version (time travel), so a model names exactly what it read. */
public record TrainInput(String table, long version, Dataset<Row> rows) {

  /**
   * Reads {@code table} at {@code version} (-1: the latest). A version outside the table's history
   * is an {@link InputException} that names the oldest and latest versions still available.
   */
  public static TrainInput read(SparkSession spark, String table, long version) {
    long[] range = versions(spark, table);
    long oldest = range[0];
    long latest = range[1];
    long v = version < 0 ? latest : version;
    if (v < oldest || v > latest) {
      throw new InputException(
          "Cannot read version "
              + v
              + " of the Delta table "
              + table
              + ": "
              + (v < oldest
                  ? "it no longer exists (log cleanup or VACUUM removed it)"
                  : "it does not exist yet")
              + ". The oldest available version is "
              + oldest
              + " and the latest is "
              + latest
              + ". Set lepton.train.input.version to one of them, or to -1 for the latest.");
    }
    try {
      Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", v).load(table);
      rows.schema();
      return new TrainInput(table, v, rows);
    } catch (Exception e) {
      throw TrainErrors.unreadableVersion(v, table, oldest, latest, e);
    }
  }

  /** The oldest and latest versions in the table's history. */
  static long[] versions(SparkSession spark, String table) {
    try {
      if (!DeltaTable.isDeltaTable(spark, table)) {
        throw new InputException(
            "lepton.train.input.table "
                + table
                + " is not a Delta table (no _delta_log). Point it at a table written by lepton"
                + " reconcile or any Delta writer.");
      }
      Row r =
          DeltaTable.forPath(spark, table)
              .history()
              .agg(min("version"), max("version"))
              .collectAsList()
              .get(0);
      return new long[] {r.getLong(0), r.getLong(1)};
    } catch (Exception e) {
      throw TrainErrors.unreadableHistory(table, e);
    }
  }
}
