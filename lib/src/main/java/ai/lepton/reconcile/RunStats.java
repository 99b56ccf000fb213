package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.FILE;
import static ai.lepton.reconcile.ConflictAnalysis.CONFLICT_COLUMNS;
import static ai.lepton.reconcile.ConflictAnalysis.agrees;
import static ai.lepton.reconcile.KeyComparison.DISTINCT;
import static ai.lepton.reconcile.KeyComparison.PRESENT;
import static ai.lepton.reconcile.KeyComparison.present;
import static ai.lepton.reconcile.KeyComparison.rows;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A reconcile run's aggregates, one Spark job each (parsing tally, keys, column comparison), and
 * the counts the result reports from them, so that no count needs a pass of its own.
 */
final class RunStats {

  private RunStats() {}

  /**
   * One job over the keys: keys, keys in every source whose copies agree, keys with differing
   * copies (candidates); per source ({@code 3 + 3i}) keys present, duplicate rows, candidates
   * present; keys missing from some source ({@code 3 + 3n}); per source ({@code 4 + 3n + i})
   * candidates whose copy hashes as the winner's. All 0 when there is no key.
   */
  static Row keyStats(Dataset<Row> byKey, int n) {
    List<Column> aggs = new ArrayList<>();
    Column candidate = col(DISTINCT).gt(1);
    aggs.add(sum(when(col(PRESENT).equalTo(n).and(candidate.unary_$bang()), 1).otherwise(0)));
    aggs.add(sum(when(candidate, 1).otherwise(0)).cast("long"));
    for (int i = 0; i < n; i++) {
      aggs.add(sum(when(present(i), 1).otherwise(0)).cast("long"));
      aggs.add(sum(when(present(i), col(rows(i)).minus(1)).otherwise(0)).cast("long"));
      aggs.add(sum(when(present(i).and(candidate), 1).otherwise(0)).cast("long"));
    }
    aggs.add(sum(when(col(PRESENT).lt(n), 1).otherwise(0)));
    Column winnerHash = KeyComparison.pick(n, i -> col(KeyComparison.hash(i)));
    for (int i = 0; i < n; i++) {
      Column same = present(i).and(candidate).and(col(KeyComparison.hash(i)).equalTo(winnerHash));
      aggs.add(sum(when(same, 1).otherwise(0)));
    }
    return byKey
        .agg(count(lit(1)), aggs.stream().map(c -> c.cast("long")).toArray(Column[]::new))
        .na()
        .fill(0L)
        .first();
  }

  /**
   * One job over the compared keys: conflicting keys, keys whose copies agree after all, per source
   * the rows agreeing with the winner, the conflict rows, then the conflicting keys per compared
   * column (from index {@code 3 + n}).
   */
  static Row conflictStats(Dataset<Row> analyzed, int n, List<String> compared) {
    List<Column> aggs = new ArrayList<>();
    Column none = size(col(CONFLICT_COLUMNS)).equalTo(0);
    aggs.add(sum(when(none.and(col(PRESENT).equalTo(n)), 1).otherwise(0)));
    for (int i = 0; i < n; i++) {
      aggs.add(sum(when(present(i).and(col(agrees(i))), 1).otherwise(0)));
    }
    aggs.add(sum(size(col(CONFLICT_COLUMNS))));
    for (String c : compared) {
      aggs.add(sum(when(array_contains(col(CONFLICT_COLUMNS), c), 1).otherwise(0)));
    }
    Column conflicting = sum(when(none, 0).otherwise(1));
    return analyzed
        .agg(
            conflicting.cast("long"), aggs.stream().map(c -> c.cast("long")).toArray(Column[]::new))
        .na()
        .fill(0L)
        .first();
  }

  /**
   * Per source, rows read and rows quarantined (malformed or without a key), counted in one job
   * over all sources; this is also the job that parses them.
   */
  static List<Tally> tally(List<PreparedSource> prepared) {
    Dataset<Row> all = null;
    for (PreparedSource p : prepared) {
      Dataset<Row> flags =
          p.tally()
              .select(
                  lit(p.index()).as("_src"),
                  col(FILE).as("_file"),
                  col(PreparedSource.MALFORMED).or(col(PreparedSource.BAD_KEY)).as("_q"));
      all = all == null ? flags : all.union(flags);
    }
    List<Tally> out = new ArrayList<>();
    prepared.forEach(p -> out.add(new Tally()));
    for (Row r :
        all.groupBy("_src", "_file")
            .agg(count(lit(1)), sum(when(col("_q"), 1).otherwise(0)).cast("long"))
            .collectAsList()) {
      Tally t = out.get(r.getInt(0));
      t.rows += r.getLong(2);
      t.quarantined += r.getLong(3);
      if (!r.isNullAt(1)) {
        t.files.add(r.getString(1));
      }
    }
    return out;
  }

  static final class Tally {
    long rows;
    long quarantined;
    final Set<String> files = new HashSet<>();
  }

  static String tallySummary(ReconcilePlan plan, List<Tally> counts) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      parts.add(
          plan.sources().get(i)
              + " "
              + counts.get(i).rows
              + " rows, "
              + counts.get(i).quarantined
              + " quarantined");
    }
    return String.join("; ", parts);
  }

  /**
   * Keys by outcome: {@code conflicting} keys, and {@code agreeAfterAll} keys whose copies hash
   * differently but agree within tolerance (present in every source).
   */
  static ReconcileResult.Counts counts(
      Row keys, long conflicting, long agreeAfterAll, ReconcilePlan plan) {
    long keyCount = keys.getLong(0);
    long matched = keys.getLong(1) + agreeAfterAll;
    Map<String, Long> missing = new LinkedHashMap<>();
    for (int i = 0; i < plan.sources().size(); i++) {
      missing.put(plan.sources().get(i), keyCount - keys.getLong(3 + 3 * i));
    }
    return new ReconcileResult.Counts(keyCount, matched, conflicting, missing);
  }

  static long[] hashAgreement(Row keys, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = keys.getLong(4 + 3 * n + i);
    }
    return out;
  }

  static List<ReconcileResult.Source> sources(
      ReconcileConfig rc,
      List<IncrementalReader.Read> files,
      List<long[]> reads,
      Row keys,
      long[] agreeingWithWinner) {
    List<ReconcileResult.Source> out = new ArrayList<>();
    for (int i = 0; i < rc.sources().size(); i++) {
      ReconcileConfig.SourceConfig s = rc.sources().get(i);
      long present = keys.getLong(3 + 3 * i);
      long duplicates = keys.getLong(4 + 3 * i);
      long candidatePresent = keys.getLong(5 + 3 * i);
      long agreeing = agreeingWithWinner[i];
      IncrementalReader.Stats cost = files.get(i).stats();
      out.add(
          new ReconcileResult.Source(
              s.name(),
              s.uri(),
              s.format(),
              cost.filesRead(),
              cost.filesSkipped(),
              cost.bytesRead(),
              cost.bytesSkipped(),
              reads.get(i)[0],
              reads.get(i)[1],
              duplicates,
              present - candidatePresent + agreeing,
              candidatePresent - agreeing));
    }
    return out;
  }
}
