package ai.lepton.reconcile;

import ai.lepton.spark.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What matching and comparing some keys gave: the keys ({@code byKey}) and their compared
 * candidates ({@code analyzed}), both cached, and every figure of a result that is a sum over keys:
 * the key counts, per source the duplicate rows, rows in golden and rows that lost a conflict,
 * conflicting keys per compared column, and discrepancy rows. Such sums over a run's keys are the
 * last run's, minus what the changed keys gave then, plus what they give now ({@link #carried}).
 */
record KeyOutcome(
    Dataset<Row> byKey,
    Dataset<Row> analyzed,
    Row keyStats,
    ReconcileResult.Counts counts,
    List<ReconcileResult.Source> sources,
    Map<String, Long> byColumn,
    long discrepancies) {

  /** Matches the keys of {@code sources}; what it caches goes to {@code cached}. */
  static KeyOutcome match(
      String when,
      List<PreparedSource> sources,
      ReconcileInputs in,
      ReconcileConfig rc,
      Progress progress,
      List<Dataset<Row>> cached) {
    Dataset<Row> byKey = KeyComparison.byKey(sources, in.plan(), rc.resolve().policy()).persist();
    cached.add(byKey);
    Row keyStats =
        progress.step(
            "matching the changed keys " + when,
            () -> RunStats.keyStats(byKey, sources.size()),
            r -> r.getLong(0) + " keys, " + r.getLong(2) + " with differing copies");
    return KeyOutcome.ofKeys(byKey, keyStats, rc, in.plan(), in.reads());
  }

  /** Compares the keys {@code matched} matched in {@code sources} column by column. */
  static KeyOutcome compare(
      KeyOutcome matched,
      List<PreparedSource> sources,
      ReconcileInputs in,
      ReconcileConfig rc,
      Progress progress,
      List<Dataset<Row>> cached) {
    ReconcilePlan plan = in.plan();
    Dataset<Row> analyzed =
        ConflictAnalysis.analyze(
                matched.byKey(), sources, plan, in.norm(), matched.keyStats().getLong(2))
            .persist();
    cached.add(analyzed);
    Row conflictStats =
        progress.step(
            "comparing them column by column",
            () -> RunStats.conflictStats(analyzed, sources.size(), plan.compared()),
            r -> r.getLong(0) + " conflicting");
    return KeyOutcome.of(
        matched.byKey(), analyzed, matched.keyStats(), conflictStats, rc, plan, in.reads());
  }

  /** The outcome of the keys a run matched ({@code keyStats}) and compared ({@code conflicts}). */
  static KeyOutcome of(
      Dataset<Row> byKey,
      Dataset<Row> analyzed,
      Row keyStats,
      Row conflicts,
      ReconcileConfig rc,
      ReconcilePlan plan,
      List<IncrementalReader.Read> reads) {
    int n = plan.sources().size();
    long[] agreeing = new long[n];
    for (int i = 0; i < n; i++) {
      agreeing[i] = conflicts.getLong(2 + i);
    }
    Map<String, Long> byColumn = new LinkedHashMap<>();
    for (int j = 0; j < plan.compared().size(); j++) {
      byColumn.put(plan.compared().get(j), conflicts.getLong(3 + n + j));
    }
    return new KeyOutcome(
        byKey,
        analyzed,
        keyStats,
        RunStats.counts(keyStats, conflicts.getLong(0), conflicts.getLong(1), plan),
        RunStats.sources(rc, reads, noRows(n), keyStats, agreeing),
        byColumn,
        keyStats.getLong(3 + 3 * n) + conflicts.getLong(2 + n));
  }

  /**
   * The outcome of keys matched ({@code keyStats}) but not compared, as a run without tolerances
   * judges its budget: keys whose copies differ are the conflicts; no column counts, no discrepancy
   * rows.
   */
  static KeyOutcome ofKeys(
      Dataset<Row> byKey,
      Row keyStats,
      ReconcileConfig rc,
      ReconcilePlan plan,
      List<IncrementalReader.Read> reads) {
    int n = plan.sources().size();
    return new KeyOutcome(
        byKey,
        null,
        keyStats,
        RunStats.counts(keyStats, keyStats.getLong(2), 0, plan),
        RunStats.sources(rc, reads, noRows(n), keyStats, RunStats.hashAgreement(keyStats, n)),
        Map.of(),
        0);
  }

  /** Rows read and quarantined of {@code n} sources as none: key sums do not carry them. */
  private static List<long[]> noRows(int n) {
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new long[2]);
    }
    return out;
  }

  /** {@code last}'s count with {@code before}'s taken out and {@code after}'s put in. */
  static long carried(long last, long before, long after) {
    return last - before + after;
  }

  /** The key counts of the whole run: {@code last}'s, with the changed keys' counts replaced. */
  static ReconcileResult.Counts counts(
      ReconcileResult.Counts last, KeyOutcome before, KeyOutcome after) {
    Map<String, Long> missing = new LinkedHashMap<>();
    last.missing()
        .forEach(
            (source, n) ->
                missing.put(
                    source,
                    carried(
                        n,
                        before.counts.missing().getOrDefault(source, 0L),
                        after.counts.missing().getOrDefault(source, 0L))));
    return new ReconcileResult.Counts(
        carried(last.keys(), before.counts.keys(), after.counts.keys()),
        carried(last.matched(), before.counts.matched(), after.counts.matched()),
        carried(last.conflicting(), before.counts.conflicting(), after.counts.conflicting()),
        missing);
  }

  /**
   * Conflicting keys per compared column of the whole run, in the plan's order, columns without a
   * conflict left out.
   */
  static Map<String, Long> byColumn(
      Map<String, Long> last, KeyOutcome before, KeyOutcome after, ReconcilePlan plan) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String c : plan.compared()) {
      long count =
          carried(
              last.getOrDefault(c, 0L),
              before.byColumn.getOrDefault(c, 0L),
              after.byColumn.getOrDefault(c, 0L));
      if (count > 0) {
        out.put(c, count);
      }
    }
    return out;
  }

  /**
   * Every source of the whole run ({@link #source}); {@code oldRows} and {@code newRows}: per
   * source, the tally of the changed files' rows as the last run read them and as they are now.
   */
  static List<ReconcileResult.Source> sources(
      List<ReconcileResult.Source> last,
      KeyOutcome before,
      KeyOutcome after,
      List<IncrementalReader.Read> reads,
      List<RunStats.Tally> oldRows,
      List<RunStats.Tally> newRows) {
    List<ReconcileResult.Source> out = new ArrayList<>();
    for (int i = 0; i < last.size(); i++) {
      RunStats.Tally o = oldRows.get(i);
      RunStats.Tally f = newRows.get(i);
      out.add(
          source(
              last.get(i),
              before,
              after,
              i,
              reads.get(i).stats(),
              new long[] {o.rows, o.quarantined},
              new long[] {f.rows, f.quarantined}));
    }
    return out;
  }

  /**
   * Source {@code i} of the whole run: what reading cost this run ({@code cost}), rows read and
   * quarantined from {@code last} with the changed files' old rows ({@code oldRows}) replaced by
   * their new ones ({@code newRows}; each {rows, quarantined}), and the per-key figures carried.
   */
  private static ReconcileResult.Source source(
      ReconcileResult.Source last,
      KeyOutcome before,
      KeyOutcome after,
      int i,
      IncrementalReader.Stats cost,
      long[] oldRows,
      long[] newRows) {
    ReconcileResult.Source b = before.sources.get(i);
    ReconcileResult.Source a = after.sources.get(i);
    return new ReconcileResult.Source(
        last.name(),
        last.uri(),
        last.format(),
        cost.filesRead(),
        cost.filesSkipped(),
        cost.bytesRead(),
        cost.bytesSkipped(),
        carried(last.rowsRead(), oldRows[0], newRows[0]),
        carried(last.rowsQuarantined(), oldRows[1], newRows[1]),
        carried(last.duplicateKeys(), b.duplicateKeys(), a.duplicateKeys()),
        carried(last.rowsInGolden(), b.rowsInGolden(), a.rowsInGolden()),
        carried(last.rowsLostConflict(), b.rowsLostConflict(), a.rowsLostConflict()));
  }
}
