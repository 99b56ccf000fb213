package ai.lepton.model;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta table a job reads a model's rows from (quantize's calibration and test rows, distill's
 * training rows): the configured table, else the one the model was trained on; the configured
 * version, else the model's own version when it is the model's table, else the latest ({@code -1}).
 *
 * @param table the table's URI, empty when neither the config nor the model names one
 * @param version the version to read, or -1 for the latest
 */
public record ModelInputTable(String table, long version) {

  /** The table for {@code model}, given the configured {@code table} and {@code version}. */
  public static ModelInputTable of(String table, long version, ModelManifest model) {
    String t = table == null ? "" : table;
    long v = version;
    if (t.isEmpty() && model.input() != null && model.input().table() != null) {
      t = model.input().table();
    }
    if (v < 0 && model.input() != null && t.equals(model.input().table())) {
      v = model.input().version();
    }
    return new ModelInputTable(t, v);
  }

  /** True when neither the config nor the model names a table. */
  public boolean missing() {
    return table.isEmpty();
  }

  /** Reads the table at its version; Spark's and Delta's failures are the caller's to wrap. */
  public Dataset<Row> read(SparkSession spark) {
    DataFrameReader reader = spark.read().format("delta");
    if (version >= 0) {
      reader = reader.option("versionAsOf", version);
    }
    return reader.load(table);
  }

  /** The table, with its version when one is pinned, for messages. */
  @Override
  public String toString() {
    return table + (version >= 0 ? " at version " + version : "");
  }
}
