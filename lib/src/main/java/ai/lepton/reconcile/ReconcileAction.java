package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.count;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.ParsedSource;
import ai.lepton.errors.Failures;
import ai.lepton.spark.DurablePaths;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import java.time.Duration;
import java.time.Instant;
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
          () -> run(rc, runId, job.started(), parsed, cached),
          (result, error) -> recordRun(job, rc, result, error));
    } finally {
      parsed.forEach(ParsedSource::release);
      cached.forEach(d -> d.unpersist(false));
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
    String runId = "plan";
    int n = in.prepared().size();
    Map<String, Dataset<Row>> phases = new LinkedHashMap<>();
    in.prepared().forEach(p -> phases.put("read " + p.name(), p.rows()));
    phases.put("quarantine", ReconcileTables.quarantineRows(in.prepared(), runId));
    Dataset<Row> byKey = KeyComparison.byKey(in.prepared(), in.plan(), rc.resolve().policy());
    phases.put("match keys", byKey);
    Dataset<Row> analyzed = ConflictAnalysis.analyze(byKey, in.prepared(), in.plan(), in.norm(), 0);
    phases.put("compare conflicts", analyzed);
    phases.put(
        "discrepancies",
        ReconcileTables.discrepancyRows(analyzed, byKey, in.plan(), n, runId, in.norm().zone()));
    GoldenTable golden = new GoldenTable(spark, rc.output().golden(), in.plan());
    phases.put("golden rows", golden.winningRows(golden.upserts(byKey), 0, in.prepared(), runId));
    return inspector.apply(phases);
  }

  private ReconcileInputs.Reader inputs() {
    return new ReconcileInputs.Reader(spark, config, progress);
  }

  private ReconcileResult run(
      ReconcileConfig rc,
      String runId,
      Instant started,
      List<ParsedSource> parsed,
      List<Dataset<Row>> cached) {
    String settings = CompletedRun.settingsDigest(config, spark);
    SourceState state = new SourceState(spark, rc.output().state());
    if (!dryRun && rc.incremental()) {
      ReconcileResult same =
          new UnchangedRun(spark, rc, ObjectStores.from(config), progress)
              .repeat(state, settings, runId, started);
      if (same != null) {
        return same;
      }
    }
    CompletedRun last = state.lastRun();
    ReconcileInputs in = inputs().read(rc, state, rc.incremental(), true, parsed);
    List<IncrementalReader.Read> reads = in.reads();
    ReconcilePlan plan = in.plan();
    Normalizer norm = in.norm();
    List<PreparedSource> prepared = new ArrayList<>();
    for (PreparedSource p : in.prepared()) {
      PreparedSource kept = p.persisted();
      cached.add(kept.rows());
      prepared.add(kept);
    }
    List<RunStats.Tally> tallies =
        progress.step(
            "parsing " + String.join(", ", plan.sources()),
            () -> RunStats.tally(prepared),
            c -> RunStats.tallySummary(plan, c));
    List<long[]> readCounts =
        tallies.stream().map(t -> new long[] {t.rows, t.quarantined}).toList();
    int n = prepared.size();
    Dataset<Row> byKey = KeyComparison.byKey(prepared, plan, rc.resolve().policy()).persist();
    cached.add(byKey);
    Row keyStats =
        progress.step(
            "matching keys across " + n + " sources",
            () -> RunStats.keyStats(byKey, n),
            r -> r.getLong(0) + " keys, " + r.getLong(2) + " with differing copies");
    long candidates = keyStats.getLong(2);
    ConflictBudget budget = ConflictBudget.of(rc);
    boolean exact = norm.hashDecidesConflicts();
    if (exact) {
      ReconcileResult.Gate early =
          budget.check(
              keyStats.getLong(0),
              candidates,
              ConflictBudget.AFTER_KEYS,
              () -> goldenVersion(rc, plan));
      if (!early.passed()) {
        return stopped(
            rc,
            runId,
            started,
            in,
            readCounts,
            keyStats,
            RunStats.hashAgreement(keyStats, n),
            RunStats.counts(keyStats, candidates, 0, plan),
            early,
            new ReconcileResult.Conflicts(Map.of(), List.of()));
      }
    }
    Dataset<Row> analyzed =
        ConflictAnalysis.analyze(byKey, prepared, plan, norm, candidates).persist();
    cached.add(analyzed);
    Row conflictStats =
        progress.step(
            "comparing " + candidates + " keys column by column",
            () -> RunStats.conflictStats(analyzed, n, plan.compared()),
            r -> r.getLong(0) + " conflicting");
    ReconcileResult.Counts counts =
        RunStats.counts(keyStats, conflictStats.getLong(0), conflictStats.getLong(1), plan);
    ReconcileResult.Conflicts conflicts =
        conflicts(conflictStats, analyzed, plan, n, norm.zone(), rc.sampleSize());
    long[] agreeing = new long[n];
    for (int i = 0; i < n; i++) {
      agreeing[i] = conflictStats.getLong(2 + i);
    }
    ReconcileResult.Gate gate =
        budget.check(
            counts.keys(),
            counts.conflicting(),
            exact ? ConflictBudget.AFTER_KEYS : ConflictBudget.AFTER_COMPARE,
            () -> goldenVersion(rc, plan));
    if (!gate.passed()) {
      return stopped(
          rc, runId, started, in, readCounts, keyStats, agreeing, counts, gate, conflicts);
    }
    List<ReconcileResult.Source> sources =
        RunStats.sources(rc, reads, readCounts, keyStats, agreeing);
    // Golden first: a run that fails or loses at the golden commit appends nothing. Then this
    // run's discrepancy and quarantine rows, then the incremental state; the caller records the
    // run last. A run killed after its golden commit leaves rows under a run id the runs table
    // does not know (docs/reconcile-reruns.md, "Killed and concurrent runs"); its retry carries the
    // same run number,
    // so Delta skips its golden write. The run number advances last.
    GoldenWrite goldenWrite = new GoldenWrite(spark, rc, progress);
    ReconcileResult.Golden golden =
        goldenWrite.write(plan, byKey, prepared, runId, !dryRun, cached, last);
    Dataset<Row> discrepancies =
        ReconcileTables.discrepancyRows(analyzed, byKey, plan, n, runId, norm.zone());
    Dataset<Row> quarantine = ReconcileTables.quarantineRows(prepared, runId);
    ReconcileTables tables = new ReconcileTables(spark, progress, dryRun);
    long discrepancyRows = keyStats.getLong(3 + 3 * n) + conflictStats.getLong(2 + n);
    tables.append("discrepancies", discrepancies, rc.output().discrepancies(), discrepancyRows);
    long quarantineRows = readCounts.stream().mapToLong(c -> c[1]).sum();
    tables.append("quarantine", quarantine, rc.output().quarantine(), quarantineRows);
    ReconcileResult result =
        new ReconcileResult(
            "reconcile",
            JobResult.Status.SUCCEEDED,
            runId,
            started,
            Duration.between(started, Instant.now()).toMillis(),
            dryRun,
            sources,
            counts,
            golden,
            new ReconcileResult.Table(rc.output().discrepancies(), discrepancyRows),
            new ReconcileResult.Table(rc.output().quarantine(), quarantineRows),
            gate,
            in.schema(),
            conflicts,
            null);
    if (!dryRun) {
      CompletedRun completed =
          new CompletedRun(
              CompletedRun.FORMAT,
              goldenWrite.runNumber(plan, golden, last),
              settings,
              golden.version(),
              result);
      progress.step(
          "recording the files read in " + rc.output().state(),
          () -> {
            try {
              in.reader().recordAll(reads, tallies.stream().map(t -> t.files).toList(), completed);
            } catch (RuntimeException e) {
              if (ConcurrentCommit.isConflict(e)) {
                throw ConcurrentCommit.refused(
                    "incremental state",
                    rc.output().state(),
                    e,
                    "The golden, discrepancy and quarantine tables hold this run's result; the"
                        + " files it read are not all recorded, so the next run reads them again.");
              }
              throw e;
            }
          });
    }
    return result;
  }

  /** The golden table's latest version, -1 when there is none. */
  private long goldenVersion(ReconcileConfig rc, ReconcilePlan plan) {
    return new GoldenTable(spark, rc.output().golden(), plan).latestVersion();
  }

  /**
   * The result of a run a budget stopped: it wrote no table (golden, discrepancies, quarantine,
   * state); what it counted up to the stop is reported, and the caller records it in the runs
   * table.
   */
  private ReconcileResult stopped(
      ReconcileConfig rc,
      String runId,
      Instant started,
      ReconcileInputs in,
      List<long[]> readCounts,
      Row keyStats,
      long[] agreeing,
      ReconcileResult.Counts counts,
      ReconcileResult.Gate gate,
      ReconcileResult.Conflicts conflicts) {
    progress.say("stopped: " + gate.message());
    GoldenTable table = new GoldenTable(spark, rc.output().golden(), in.plan());
    return new ReconcileResult(
        "reconcile",
        JobResult.Status.FAILED,
        runId,
        started,
        Duration.between(started, Instant.now()).toMillis(),
        dryRun,
        RunStats.sources(rc, in.reads(), readCounts, keyStats, agreeing),
        counts,
        new ReconcileResult.Golden(
            rc.output().golden(), table.latestVersion(), table.rows(), 0, 0, 0, false),
        new ReconcileResult.Table(rc.output().discrepancies(), 0),
        new ReconcileResult.Table(rc.output().quarantine(), 0),
        gate,
        in.schema(),
        conflicts,
        null);
  }

  /** Conflicting keys per compared column, and up to {@code sampleSize} examples of each. */
  private ReconcileResult.Conflicts conflicts(
      Row stats, Dataset<Row> analyzed, ReconcilePlan plan, int n, String zone, int sampleSize) {
    Map<String, Long> byColumn = new LinkedHashMap<>();
    for (int j = 0; j < plan.compared().size(); j++) {
      long count = stats.getLong(3 + n + j);
      if (count > 0) {
        byColumn.put(plan.compared().get(j), count);
      }
    }
    List<ReconcileResult.ConflictSample> samples =
        byColumn.isEmpty() || sampleSize == 0
            ? List.of()
            : progress.step(
                "sampling up to " + sampleSize + " conflicts per column",
                () -> ConflictAnalysis.samples(analyzed, plan, n, zone, sampleSize),
                s -> s.size() + " samples");
    return new ReconcileResult.Conflicts(byColumn, samples);
  }
}
