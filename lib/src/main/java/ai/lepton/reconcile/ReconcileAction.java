package ai.lepton.reconcile;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.ParsedSource;
import ai.lepton.errors.Failures;
import ai.lepton.spark.DurablePaths;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reconciles several copies of a dataset into one golden Delta table, recording every discrepancy
 * and quarantining rows that cannot be read. Build with {@code
 * Lepton.with(spark).reconcile(config)}, then {@link #execute()}.
 *
 * <p>What it touches besides its outputs: the session's Hadoop configuration gets the settings of
 * {@code lepton.stores}. It does not change the session's SQL settings: every zone-dependent step
 * (reading timestamps without an offset, widening dates to timestamps, rendering timestamps in the
 * discrepancy table) uses {@code lepton.reconcile.normalize.timezone} explicitly, so the result is
 * the same whatever {@code spark.sql.session.timeZone} the caller's session has.
 */
public final class ReconcileAction extends JobAction<ReconcileAction> {

  private boolean dryRun;

  /** An action over {@code config}'s {@code lepton.reconcile} settings. */
  public ReconcileAction(SparkSession spark, LeptonConfig config) {
    super("reconcile", spark, config);
  }

  /** Compute and report without writing any table. */
  public ReconcileAction dryRun(boolean dryRun) {
    this.dryRun = dryRun;
    return this;
  }

  /** Runs the reconcile and returns its result; the gate's outcome is in the result. */
  public ReconcileResult execute() {
    ReconcileConfig rc = ReconcileConfig.from(config);
    if (!dryRun) {
      requireSharedOutputs(rc.output());
    }
    JobRun job = startRun(!dryRun);
    String runId = job.id();
    List<ParsedSource> parsed = new ArrayList<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      progress.say("run " + runId + (dryRun ? " (dry run: no table is written)" : ""));
      return job.execute(
          () ->
              new ReconcileRun(spark, config, rc, progress, dryRun)
                  .run(runId, job.started(), parsed, cached),
          (result, error) -> recordRun(job, rc, result, error));
    } finally {
      ReconcileRun.release(cached);
      parsed.forEach(ParsedSource::release);
    }
  }

  /** Under a cluster master, refuses output tables on the driver's disk before any work. */
  private void requireSharedOutputs(ReconcileConfig.Output out) {
    String key = "lepton.reconcile.output.";
    String example = "s3a://my-bucket/lepton/accounts";
    DurablePaths.require(spark, key + "golden", out.golden(), example + "_golden");
    DurablePaths.require(spark, key + "discrepancies", out.discrepancies(), example + "_disc");
    DurablePaths.require(spark, key + "quarantine", out.quarantine(), example + "_quarantine");
    DurablePaths.require(spark, key + "state", out.state(), example + "_golden/_lepton_state");
  }

  /** This run's row in the runs table (dry runs have none). */
  private RunRecord recordRun(
      JobRun job, ReconcileConfig rc, ReconcileResult r, RuntimeException error) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sources", String.valueOf(rc.sources().size()));
    params.put("policy", String.valueOf(rc.resolve().policy()));
    params.put("incremental", String.valueOf(rc.incremental()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, Long> inputs = new LinkedHashMap<>();
    List<String> artifacts = new ArrayList<>();
    if (r != null) {
      if (r.repeats() != null) {
        params.put("repeats", r.repeats());
      }
      metrics.put("keys", (double) r.counts().keys());
      metrics.put("matched", (double) r.counts().matched());
      metrics.put("conflicting", (double) r.counts().conflicting());
      metrics.put("golden.rows", (double) r.golden().rows());
      metrics.put("rowsRead", (double) r.sources().stream().mapToLong(s -> s.rowsRead()).sum());
      metrics.put("bytesRead", (double) r.sources().stream().mapToLong(s -> s.bytesRead()).sum());
      metrics.put("cores", (double) spark.sparkContext().defaultParallelism());
      metrics.put("durationMs", (double) r.durationMs());
      inputs.put(r.golden().uri(), r.golden().version());
      artifacts.add(r.golden().uri());
      artifacts.add(r.discrepancies().uri());
      artifacts.add(r.quarantine().uri());
    }
    return job.row(
        r == null ? JobResult.Status.FAILED : r.status(),
        params,
        metrics,
        inputs,
        artifacts,
        error != null ? Failures.describe(error) : r == null ? null : r.gate().message());
  }

  /**
   * Builds reconcile's DataFrames exactly as {@link #execute()} does and hands them, by phase, to
   * {@code inspector}; for plan checks such as gpu-check. Nothing is counted, cached or written:
   * sources are listed (and their schemas inferred where none is declared) but every file is
   * planned as a full read, and the join back to conflicting rows is planned as the broadcast a run
   * with fewer than {@link KeyComparison#BROADCAST_MAX_KEYS} candidates uses. Phases: {@code read
   * <source>} (parse, align, normalize, hash), {@code quarantine}, {@code match keys}, {@code
   * compare conflicts}, {@code discrepancies}, {@code golden rows}. Each phase's plan starts at the
   * source files.
   */
  public <T> T inspect(Function<Map<String, Dataset<Row>>, T> inspector) {
    ReconcileConfig rc = ReconcileConfig.from(config);
    List<ParsedSource> parsed = new ArrayList<>();
    ReconcileInputs in =
        inputs().read(rc, new SourceState(spark, rc.output().state()), false, false, parsed);
    parsed.forEach(ParsedSource::release);
    return inspector.apply(ReconcilePhases.of(spark, rc, in));
  }

  private ReconcileInputs.Reader inputs() {
    return new ReconcileInputs.Reader(spark, config, progress);
  }
}
