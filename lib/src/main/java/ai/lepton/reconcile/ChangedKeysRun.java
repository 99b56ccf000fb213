package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import ai.lepton.data.ParsedSource;
import ai.lepton.spark.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * An incremental run that reconciles only the keys the changed files hold. The keys of the rows the
 * last run read from files changed or gone since, and of the rows of changed and added files, are
 * the changed keys; every other key has the same rows in every source as in the last run, so its
 * outcome, golden row and discrepancy rows are the last run's. The run matches and compares the
 * changed keys twice, as the last run saw them (its rows from the state) and as they are now, and
 * carries every count of the last result with the first taken out and the second put in ({@link
 * KeyOutcome}); it writes golden only for the changed keys, appends the last run's discrepancy rows
 * of the other keys and its quarantine rows of unchanged files together with its own, and records
 * the changed files in the state. Of the sources it parses only the changed and added files (once,
 * cached); the unchanged files' rows of the changed keys come from a scan of the state's snapshot.
 *
 * <p>{@link ChangedKeysCheck#refusal} says when it applies.
 */
final class ChangedKeysRun {

  private final SparkSession spark;
  private final ReconcileConfig rc;
  private final Progress progress;

  ChangedKeysRun(SparkSession spark, ReconcileConfig rc, Progress progress) {
    this.spark = spark;
    this.rc = rc;
    this.progress = progress;
  }

  /**
   * Reconciles the changed keys of {@code in} as run {@code runId}. The changed files' rows are
   * parsed once and cached, so every step and the state see the same rows; they go to {@code
   * parsed}, what else it caches to {@code cached}, for the caller to release (the cached first).
   */
  ReconcileResult run(
      ReconcileInputs in,
      CompletedRun last,
      String settings,
      String runId,
      Instant started,
      List<ParsedSource> parsed,
      List<Dataset<Row>> cached) {
    for (IncrementalReader.Read r : in.reads()) {
      Dataset<Row> fresh = r.changes().fresh();
      if (fresh != null) {
        ParsedSource p = r.parsed();
        parsed.add(
            new ParsedSource(
                p.spec(), fresh.persist(StorageLevel.MEMORY_AND_DISK()), p.dataSchema()));
      }
    }
    ReconcilePlan plan = in.plan();
    int n = plan.sources().size();
    ReconcileResult previous = last.result();
    List<PreparedSource> old = new ArrayList<>();
    List<PreparedSource> fresh = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      IncrementalReader.Changes c = in.reads().get(i).changes();
      old.add(in.prepare(i, orNone(c.old(), c.kept()), null, 0));
      fresh.add(in.prepare(i, orNone(c.fresh(), c.kept()), null, 0));
    }
    Dataset<Row> keys = null;
    for (PreparedSource p : concat(old, fresh)) {
      Dataset<Row> k = p.rows().select(keyColumns(plan));
      keys = keys == null ? k : keys.union(k);
    }
    Dataset<Row> changedKeys = keys.distinct().persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(changedKeys);
    long keyCount =
        progress.step(
            "finding the keys of the files changed since run " + previous.runId(),
            changedKeys::count,
            k -> k + " keys to reconcile again, of " + previous.counts().keys());
    List<RunStats.Tally> oldTally = RunStats.tally(old);
    List<RunStats.Tally> freshTally =
        progress.step(
            "parsing the changed files",
            () -> RunStats.tally(fresh),
            t -> RunStats.tallySummary(plan, t));
    List<PreparedSource> before = new ArrayList<>();
    List<PreparedSource> after = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Dataset<Row> kept =
          in.prepare(i, in.reads().get(i).changes().kept(), changedKeys, keyCount)
              .rows()
              .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(kept);
      String name = plan.sources().get(i);
      before.add(new PreparedSource(name, i, kept.unionByName(old.get(i).rows()), null, null));
      after.add(new PreparedSource(name, i, kept.unionByName(fresh.get(i).rows()), null, null));
    }
    KeyOutcome thenKeys =
        KeyOutcome.match(
            "as run " + previous.runId() + " read them", before, in, rc, progress, cached);
    KeyOutcome nowKeys = KeyOutcome.match("as they are now", after, in, rc, progress, cached);
    ConflictBudget budget = ConflictBudget.of(rc);
    if (in.norm().hashDecidesConflicts()) {
      // as a full run does: with no tolerance the keys whose copies differ are the conflicts
      ReconcileResult.Counts early = KeyOutcome.counts(previous.counts(), thenKeys, nowKeys);
      ReconcileResult.Gate gate =
          budget.check(
              early.keys(), early.conflicting(), ConflictBudget.AFTER_KEYS, last::goldenVersion);
      if (!gate.passed()) {
        List<ReconcileResult.Source> sources =
            KeyOutcome.sources(
                previous.sources(), thenKeys, nowKeys, in.reads(), oldTally, freshTally);
        return stopped(
            runId,
            started,
            sources,
            early,
            gate,
            in,
            previous,
            new ReconcileResult.Conflicts(Map.of(), List.of()));
      }
    }
    KeyOutcome then = KeyOutcome.compare(thenKeys, before, in, rc, progress, cached);
    KeyOutcome now = KeyOutcome.compare(nowKeys, after, in, rc, progress, cached);

    ReconcileResult.Counts counts = KeyOutcome.counts(previous.counts(), then, now);
    List<ReconcileResult.Source> sources =
        KeyOutcome.sources(previous.sources(), then, now, in.reads(), oldTally, freshTally);
    CarriedRows carried = new CarriedRows(spark, rc, previous, runId);
    Dataset<Row> discrepancies =
        carried.discrepancies(
            changedKeys,
            keyCount,
            ReconcileTables.discrepancyRows(
                now.analyzed(), now.byKey(), plan, n, runId, in.norm().zone()),
            plan);
    discrepancies.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(discrepancies);
    ReconcileResult.Conflicts conflicts =
        ConflictSamples.withSamples(
            KeyOutcome.byColumn(previous.conflicts().byColumn(), then, now, plan),
            () -> CarriedRows.conflictRows(discrepancies, plan),
            plan,
            rc.sampleSize(),
            progress);
    ReconcileResult.Gate gate =
        budget.check(
            counts.keys(),
            counts.conflicting(),
            in.norm().hashDecidesConflicts()
                ? ConflictBudget.AFTER_KEYS
                : ConflictBudget.AFTER_COMPARE,
            last::goldenVersion);
    if (!gate.passed()) {
      return stopped(runId, started, sources, counts, gate, in, previous, conflicts);
    }
    GoldenWrite goldenWrite = new GoldenWrite(spark, rc, progress);
    ReconcileResult.Golden golden =
        goldenWrite.write(
            plan, now.byKey(), after, runId, true, cached, last, changedKeys, keyCount);
    long discrepancyRows =
        KeyOutcome.carried(
            previous.discrepancies().rows(), then.discrepancies(), now.discrepancies());
    long quarantineRows = sources.stream().mapToLong(ReconcileResult.Source::rowsQuarantined).sum();
    ReconcileTables tables = new ReconcileTables(spark, progress, false);
    tables.append("discrepancies", discrepancies, rc.output().discrepancies(), discrepancyRows);
    Dataset<Row> quarantined =
        carried.quarantine(in.reads(), ReconcileTables.quarantineRows(fresh, runId));
    tables.append("quarantine", quarantined, rc.output().quarantine(), quarantineRows);
    ReconcileResult result =
        result(
            runId,
            started,
            sources,
            counts,
            golden,
            discrepancyRows,
            quarantineRows,
            gate,
            in,
            conflicts);
    ReconcileRun.release(cached); // before the state they read is written
    ReconcileRun.record(
        progress,
        rc.output().state(),
        "recording the changed files",
        in,
        freshTally,
        new CompletedRun(goldenWrite.runNumber(golden, last), settings, result));
    return result;
  }

  /**
   * The result of a run a budget stopped: it wrote nothing, and the golden table is as {@code
   * previous} left it.
   */
  private ReconcileResult stopped(
      String runId,
      Instant started,
      List<ReconcileResult.Source> sources,
      ReconcileResult.Counts counts,
      ReconcileResult.Gate gate,
      ReconcileInputs in,
      ReconcileResult previous,
      ReconcileResult.Conflicts conflicts) {
    progress.say("stopped: " + gate.message());
    ReconcileResult.Golden g = previous.golden();
    return result(
        runId,
        started,
        sources,
        counts,
        new ReconcileResult.Golden(g.uri(), g.version(), g.rows(), 0, 0, 0, false),
        0,
        0,
        gate,
        in,
        conflicts);
  }

  private ReconcileResult result(
      String runId,
      Instant started,
      List<ReconcileResult.Source> sources,
      ReconcileResult.Counts counts,
      ReconcileResult.Golden golden,
      long discrepancyRows,
      long quarantineRows,
      ReconcileResult.Gate gate,
      ReconcileInputs in,
      ReconcileResult.Conflicts conflicts) {
    return ReconcileResult.computed(
        runId,
        started,
        false,
        sources,
        counts,
        golden,
        rc.output(),
        discrepancyRows,
        quarantineRows,
        gate,
        in.schema(),
        conflicts);
  }

  private static Column[] keyColumns(ReconcilePlan plan) {
    return plan.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new);
  }

  /** {@code frame}, or no rows of {@code like}'s layout when it is null. */
  private static Dataset<Row> orNone(Dataset<Row> frame, Dataset<Row> like) {
    return frame != null ? frame : like.where(lit(false));
  }

  private static List<PreparedSource> concat(List<PreparedSource> a, List<PreparedSource> b) {
    List<PreparedSource> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
