package ai.lepton.track;

import static org.apache.spark.sql.functions.col;

import ai.lepton.LeptonException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.errors.Failures;
import ai.lepton.spark.DeltaConflicts;
import ai.lepton.spark.DurablePaths;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs table: a Delta table ({@code lepton.track.runs}, default {@code <work-dir>/runs}) with
 * one row per run of any job. Rows are blind Delta appends, so concurrent runs do not conflict.
 */
public final class RunsTable {

  /** The table's schema. */
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("job", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("ended_at", DataTypes.TimestampType, false)
          .add("duration_ms", DataTypes.LongType, false)
          .add("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
          .add("inputs", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("artifacts", DataTypes.createArrayType(DataTypes.StringType))
          .add("error", DataTypes.StringType, true);

  private static final Logger LOG = LoggerFactory.getLogger(RunsTable.class);
  private static final ConflictRetry RETRY = new ConflictRetry(ConflictRetry.ATTEMPTS, 50);

  private final SparkSession spark;
  private final String uri;
  private final boolean enabled;

  private RunsTable(SparkSession spark, String uri, boolean enabled) {
    this.spark = spark;
    this.uri = uri;
    this.enabled = enabled;
  }

  /** The runs table of {@code config} ({@code lepton.track}). */
  public static RunsTable at(SparkSession spark, LeptonConfig config) {
    Settings s = Settings.at(config.raw(), "lepton.track");
    String uri = uri(config);
    boolean enabled = !config.raw().hasPath("lepton.track.enabled") || s.bool("enabled");
    if (enabled) {
      DurablePaths.require(spark, "lepton.track.runs", uri, "s3a://my-bucket/lepton/runs");
    }
    return new RunsTable(spark, uri, enabled);
  }

  /**
   * Where the runs table of {@code config} is ({@code lepton.track.runs}, default work-dir/runs).
   */
  public static String uri(LeptonConfig config) {
    String uri = Settings.at(config.raw(), "lepton.track").string("runs").trim();
    if (uri.isEmpty()) {
      uri = DurablePaths.workDir(config).resolve("runs").toString();
    }
    return uri;
  }

  /** A runs table at {@code uri}. */
  public static RunsTable at(SparkSession spark, String uri) {
    return new RunsTable(spark, uri, true);
  }

  /** Where the table is. */
  public String uri() {
    return uri;
  }

  /** Whether runs are recorded ({@code lepton.track.enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Appends one run (does nothing when tracking is disabled). When Delta refuses the append because
   * another run committed at the same time, it is tried again after a short pause (up to {@value
   * ConflictRetry#ATTEMPTS} times); each retry is logged. Any other failure fails at once.
   */
  public void record(RunRecord run) {
    record(run, LOG::warn);
  }

  /** Appends one run like {@link #record(RunRecord)}, saying each retry to {@code say}. */
  public void record(RunRecord run, Consumer<String> say) {
    if (!enabled) {
      return;
    }
    Row row =
        RowFactory.create(
            run.runId(),
            run.job(),
            run.status(),
            Timestamp.from(run.startedAt()),
            Timestamp.from(run.endedAt()),
            run.durationMs(),
            run.params(),
            run.metrics(),
            run.inputs(),
            run.artifacts(),
            run.error());
    Dataset<Row> df = spark.createDataFrame(List.of(row), SCHEMA).coalesce(1);
    try {
      RETRY.run(
          "runs table " + uri, () -> df.write().format("delta").mode("append").save(uri), say);
    } catch (Exception e) {
      throw new LeptonException(
          "Cannot record run "
              + run.runId()
              + " in the runs table "
              + uri
              + (DeltaConflicts.isConcurrentCommit(e)
                  ? ": another run committed to it at the same time on each of "
                      + ConflictRetry.ATTEMPTS
                      + " attempts (Delta: "
                      + DeltaConflicts.conflictName(e)
                      + "). Check that only Lepton runs write to it (no OPTIMIZE or schema"
                      + " change while jobs run)"
                  : ": "
                      + Failures.rootMessage(e)
                      + ". Check lepton.track.runs (a writable Delta location)")
              + " or set lepton.track.enabled = false.",
          e);
    }
  }

  /**
   * Appends one run like {@link #record}, but a failure to record is said to {@code say} instead of
   * failing the job that ran.
   */
  public void recordOrSay(RunRecord run, Consumer<String> say) {
    try {
      record(run, say);
    } catch (RuntimeException e) {
      say.accept("could not record the run in " + uri + ": " + Failures.describe(e));
    }
  }

  /** The last {@code lastN} runs, newest first; of {@code job} only unless it is null or empty. */
  public List<RunRecord> list(String job, int lastN) {
    if (!DeltaTable.isDeltaTable(spark, uri)) {
      return List.of();
    }
    Dataset<Row> rows = spark.read().format("delta").load(uri);
    if (job != null && !job.isEmpty()) {
      rows = rows.filter(col("job").equalTo(job));
    }
    List<RunRecord> out = new ArrayList<>();
    for (Row r :
        rows.orderBy(col("started_at").desc(), col("run_id").desc()).limit(lastN).collectAsList()) {
      out.add(
          new RunRecord(
              r.getString(r.fieldIndex("run_id")),
              r.getString(r.fieldIndex("job")),
              r.getString(r.fieldIndex("status")),
              r.getTimestamp(r.fieldIndex("started_at")).toInstant(),
              r.getTimestamp(r.fieldIndex("ended_at")).toInstant(),
              r.<String, String>getJavaMap(r.fieldIndex("params")),
              r.<String, Double>getJavaMap(r.fieldIndex("metrics")),
              r.<String, Long>getJavaMap(r.fieldIndex("inputs")),
              r.<String>getList(r.fieldIndex("artifacts")),
              r.getString(r.fieldIndex("error"))));
    }
    return out;
  }

  /** The flattened metrics of a record with a prefix, e.g. {@code test.auc}. */
  public static void putAll(Map<String, Double> into, String prefix, Map<String, Double> metrics) {
    metrics.forEach((k, v) -> into.put(prefix + k, v));
  }
}
