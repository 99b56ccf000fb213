package ai.lepton.reconcile;

import ai.lepton.config.LeptonConfig;
import ai.lepton.data.ParsedSource;
import ai.lepton.spark.DeltaCommits;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One reconcile run, in order: repeat the last result when nothing changed ({@link UnchangedRun});
 * else read the sources; reconcile only the keys of the changed files when that gives the result of
 * reconciling every key ({@link ChangedKeysRun}); else match keys, check the conflict budget,
 * compare the candidates column by column, write golden ({@link GoldenWrite}), append the
 * discrepancy and quarantine rows, and record the files read and the completed run in the
 * incremental state, last.
 */
final class ReconcileRun {

  private final SparkSession spark;
  private final LeptonConfig config;
  private final ReconcileConfig rc;
  private final Progress progress;
  private final boolean dryRun;

  ReconcileRun(
      SparkSession spark,
      LeptonConfig config,
      ReconcileConfig rc,
      Progress progress,
      boolean dryRun) {
    this.spark = spark;
    this.config = config;
    this.rc = rc;
    this.progress = progress;
    this.dryRun = dryRun;
  }

  /**
   * Runs once as {@code runId}, started at {@code started}; the sources it parses go to {@code
   * parsed} and what it caches to {@code cached}, for the caller to release whatever happens.
   */
  ReconcileResult run(
      String runId, Instant started, List<ParsedSource> parsed, List<Dataset<Row>> cached) {
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
    ReconcileInputs in =
        new ReconcileInputs.Reader(spark, config, progress)
            .read(rc, state, rc.incremental(), true, parsed);
    if (!dryRun && rc.incremental()) {
      String why =
          ChangedKeysCheck.refusal(
              last, settings, in, DeltaCommits.latestVersion(spark, rc.output().golden()), state);
      if (why == null) {
        return new ChangedKeysRun(spark, rc, progress)
            .run(in, last, settings, runId, started, parsed, cached);
      }
      if (last != null) {
        progress.say("reconciling every key: " + why);
      }
    }
    for (IncrementalReader.Read r : in.reads()) {
      if (r.changes() != null) {
        // read from the state: cached now that every row is used (a full read is cached already)
        r.parsed().frame().persist(StorageLevel.MEMORY_AND_DISK());
      }
    }
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
              () -> goldenVersion(plan));
      if (!early.passed()) {
        return stopped(
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
        ConflictAnalysis.conflicts(
            conflictStats, analyzed, plan, n, norm.zone(), rc.sampleSize(), progress);
    long[] agreeing = new long[n];
    for (int i = 0; i < n; i++) {
      agreeing[i] = conflictStats.getLong(2 + i);
    }
    ReconcileResult.Gate gate =
        budget.check(
            counts.keys(),
            counts.conflicting(),
            exact ? ConflictBudget.AFTER_KEYS : ConflictBudget.AFTER_COMPARE,
            () -> goldenVersion(plan));
    if (!gate.passed()) {
      return stopped(runId, started, in, readCounts, keyStats, agreeing, counts, gate, conflicts);
    }
    List<ReconcileResult.Source> sources =
        RunStats.sources(rc, reads, readCounts, keyStats, agreeing);
    // Golden first: a run that fails or loses at the golden commit appends nothing. Then this
    // run's discrepancy and quarantine rows, then the incremental state; the caller records the
    // run last. A run killed after its golden commit leaves rows under a run id the runs table
    // does not know (docs/reconcile-reruns.md, "Killed and concurrent runs"); its retry carries the
    // same run number, so Delta skips its golden write. The run number advances last.
    GoldenWrite goldenWrite = new GoldenWrite(spark, rc, progress);
    ReconcileResult.Golden golden =
        goldenWrite.write(plan, byKey, prepared, runId, !dryRun, cached, last, null, 0);
    Dataset<Row> discrepancies =
        ReconcileTables.discrepancyRows(analyzed, byKey, plan, n, runId, norm.zone());
    Dataset<Row> quarantine = ReconcileTables.quarantineRows(prepared, runId);
    ReconcileTables tables = new ReconcileTables(spark, progress, dryRun);
    long discrepancyRows = keyStats.getLong(3 + 3 * n) + conflictStats.getLong(2 + n);
    tables.append("discrepancies", discrepancies, rc.output().discrepancies(), discrepancyRows);
    long quarantineRows = readCounts.stream().mapToLong(c -> c[1]).sum();
    tables.append("quarantine", quarantine, rc.output().quarantine(), quarantineRows);
    ReconcileResult result =
        ReconcileResult.computed(
            runId,
            started,
            dryRun,
            sources,
            counts,
            golden,
            rc.output(),
            discrepancyRows,
            quarantineRows,
            gate,
            in.schema(),
            conflicts);
    if (!dryRun) {
      release(cached);
      record(
          progress,
          rc.output().state(),
          "recording the files read",
          in,
          tallies,
          new CompletedRun(goldenWrite.runNumber(golden, last), settings, result));
    }
    return result;
  }

  /**
   * Records in the state at {@code stateUri} the files {@code in} read ({@code tallies}: per
   * source, the raw names of the files whose rows were read) and {@code completed} as the last
   * completed run: the run's last write. {@code what} names the step.
   */
  static void record(
      Progress progress,
      String stateUri,
      String what,
      ReconcileInputs in,
      List<RunStats.Tally> tallies,
      CompletedRun completed) {
    progress.step(
        what + " in " + stateUri,
        () ->
            in.reader()
                .recordAll(
                    in.reads(), tallies.stream().map(t -> t.files).toList(), completed, stateUri));
  }

  /**
   * Unpersists {@code cached}, the last cached first, and empties it. A Dataset cached on top of
   * another is planned again when the one below is unpersisted, and a cached Dataset that reads a
   * Delta table is planned again (with Delta's jobs) when that table is written, so a run releases
   * its caches last first, and before it writes the state they read.
   */
  static void release(List<Dataset<Row>> cached) {
    for (int i = cached.size() - 1; i >= 0; i--) {
      cached.get(i).unpersist(false);
    }
    cached.clear();
  }

  /** The golden table's latest version, -1 when there is none. */
  private long goldenVersion(ReconcilePlan plan) {
    return new GoldenTable(spark, rc.output().golden(), plan).latestVersion();
  }

  /**
   * The result of a run a budget stopped: it wrote no table (golden, discrepancies, quarantine,
   * state); what it counted up to the stop is reported, and the caller records it in the runs
   * table.
   */
  private ReconcileResult stopped(
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
    return ReconcileResult.computed(
        runId,
        started,
        dryRun,
        RunStats.sources(rc, in.reads(), readCounts, keyStats, agreeing),
        counts,
        new ReconcileResult.Golden(
            rc.output().golden(), table.latestVersion(), table.rows(), 0, 0, 0, false),
        rc.output(),
        0,
        0,
        gate,
        in.schema(),
        conflicts);
  }
}
