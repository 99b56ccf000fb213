package ai.lepton.monitor;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The drift table ({@code lepton.monitor.drift-table}, default {@code <work-dir>/drift}): one row
 * per statistic per monitor run, appended, so the history of a model's drift is a Delta query.
 */
final class DriftTable {

  /** The table's schema. */
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("measured_at", DataTypes.TimestampType, false)
          .add("model", DataTypes.StringType, false)
          .add("model_uri", DataTypes.StringType, false)
          .add("table", DataTypes.StringType, false)
          .add("training_version", DataTypes.LongType, false)
          .add("current_version", DataTypes.LongType, false)
          .add("feature", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("statistic", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, false)
          .add("threshold", DataTypes.DoubleType, false)
          .add("verdict", DataTypes.StringType, false);

  private DriftTable() {}

  /** Appends the findings of {@code result} to the Delta table at {@code uri}. */
  public static void append(SparkSession spark, String uri, MonitorResult result) {
    Timestamp at = Timestamp.from(result.startedAt());
    List<Row> rows = new ArrayList<>();
    for (Finding f : result.findings()) {
      rows.add(
          RowFactory.create(
              result.runId(),
              at,
              result.model().name(),
              result.model().uri(),
              result.current().table(),
              result.training().version(),
              result.current().version(),
              f.feature(),
              f.kind(),
              f.statistic(),
              f.value(),
              f.threshold(),
              f.verdict()));
    }
    try {
      spark
          .createDataFrame(rows, SCHEMA)
          .coalesce(1)
          .write()
          .format("delta")
          .mode("append")
          .save(uri);
    } catch (Exception e) {
      throw Failures.wrap(
          e,
          "append the drift findings to " + uri,
          "Check lepton.monitor.drift-table (a writable Delta location).",
          LeptonException::new);
    }
  }
}
