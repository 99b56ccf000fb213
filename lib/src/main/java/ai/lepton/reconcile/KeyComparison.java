package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.FILE;
import static ai.lepton.data.SourceReader.SEQ;
import static ai.lepton.data.SourceReader.quote;
import static ai.lepton.reconcile.PreparedSource.HASH;
import static ai.lepton.reconcile.PreparedSource.ROW_HASH;
import static ai.lepton.reconcile.PreparedSource.TS;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The slim side of reconcile: one row per key with, per source, only the winner of its duplicates
 * (timestamp, read order, hashes, duplicate count), and the key's golden source by policy. Full
 * rows are never shuffled here.
 */
final class KeyComparison {

  static final String WINNER = "_lepton_winner";
  static final String WINNER_SOURCE = "_lepton_winner_source";
  static final String WINNER_FILE = "_lepton_winner_file";
  static final String WINNER_SEQ = "_lepton_winner_seq";
  static final String WINNER_ROW_HASH = "_lepton_winner_row_hash";
  static final String PRESENT = "_lepton_present";
  static final String DISTINCT = "_lepton_distinct_values";

  /** Above this many keys, joins back to full rows shuffle instead of broadcasting the keys. */
  static final long BROADCAST_MAX_KEYS = 2_000_000;

  private KeyComparison() {}

  static String hash(int i) {
    return "_h" + i;
  }

  static String rowHash(int i) {
    return "_rh" + i;
  }

  static String ts(int i) {
    return "_ts" + i;
  }

  static String seq(int i) {
    return "_seq" + i;
  }

  static String file(int i) {
    return "_file" + i;
  }

  static String rows(int i) {
    return "_n" + i;
  }

  static Column present(int i) {
    return col(hash(i)).isNotNull();
  }

  /** One row per key across all sources, with the policy's winner. */
  static Dataset<Row> byKey(
      List<PreparedSource> sources, ReconcilePlan plan, ReconcileConfig.Policy policy) {
    Dataset<Row> joined = null;
    for (PreparedSource s : sources) {
      Dataset<Row> deduped = dedupe(s, plan);
      joined = joined == null ? deduped : joined.join(deduped, seq(plan.keys()), "full_outer");
    }
    int n = sources.size();
    Column winner = winner(policy, plan, n);
    return joined
        .withColumn(WINNER, winner)
        .withColumn(PRESENT, sum(n, i -> when(present(i), 1).otherwise(0)))
        .withColumn(
            DISTINCT,
            sum(n, i -> when(present(i).and(seenBefore(i).unary_$bang()), 1).otherwise(0)))
        .withColumn(WINNER_FILE, pick(n, i -> col(file(i))))
        .withColumn(WINNER_SEQ, pick(n, i -> col(seq(i))))
        .withColumn(WINNER_ROW_HASH, pick(n, i -> col(rowHash(i))))
        .withColumn(WINNER_SOURCE, pick(n, i -> lit(plan.sources().get(i))));
  }

  /**
   * Per source, the latest row per key and the row count. Latest: greatest timestamp, then the row
   * read last (greater file name, then later in its file), so a run that reads only changed files
   * picks the same row as a full read.
   */
  private static Dataset<Row> dedupe(PreparedSource s, ReconcilePlan plan) {
    int i = s.index();
    Column best =
        max(
            struct(
                col(TS).as("ts"),
                col(FILE).as("file"),
                col(SEQ).as("seq"),
                col(HASH).as("h"),
                col(ROW_HASH).as("rh")));
    List<Column> out = new ArrayList<>();
    plan.keys().forEach(k -> out.add(col(quote(k))));
    out.add(col("_b.ts").as(ts(i)));
    out.add(col("_b.file").as(file(i)));
    out.add(col("_b.seq").as(seq(i)));
    out.add(col("_b.h").as(hash(i)));
    out.add(col("_b.rh").as(rowHash(i)));
    out.add(col("_n").as(rows(i)));
    return s.rows()
        .groupBy(plan.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new))
        .agg(best.as("_b"), count(lit(1)).as("_n"))
        .select(out.toArray(Column[]::new));
  }

  /** True when a source before {@code i} has the same compare hash as {@code i}. */
  private static Column seenBefore(int i) {
    Column seen = lit(false);
    for (int j = 0; j < i; j++) {
      seen = seen.or(coalesce(col(hash(j)).equalTo(col(hash(i))), lit(false)));
    }
    return seen;
  }

  private static Column winner(ReconcileConfig.Policy policy, ReconcilePlan plan, int n) {
    return switch (policy) {
      case LATEST -> best(n, plan, i -> col(ts(i)));
      case MAJORITY -> best(n, plan, i -> agreeing(n, i));
      case PRIORITY ->
          coalesce(
              plan.priority().stream()
                  .map(plan::index)
                  .map(i -> when(present(i), lit(i)))
                  .toArray(Column[]::new));
    };
  }

  /**
   * The present source that ranks above every other present one: greatest {@code measure} (null
   * lowest), then most trusted by priority, then the greater index. Scalar comparisons only, so the
   * plan stays GPU-eligible (RAPIDS has no array_max over structs).
   */
  private static Column best(int n, ReconcilePlan plan, IntFunction<Column> measure) {
    Column[] winners = new Column[n];
    for (int i = 0; i < n; i++) {
      Column beatsAll = present(i);
      for (int j = 0; j < n; j++) {
        if (j != i) {
          Column beats = beats(measure.apply(i), measure.apply(j), tieGoesTo(plan, i, j));
          beatsAll = beatsAll.and(present(j).unary_$bang().or(beats));
        }
      }
      winners[i] = when(beatsAll, lit(i));
    }
    return coalesce(winners);
  }

  private static Column beats(Column mine, Column theirs, boolean tieIsMine) {
    Column greater =
        mine.isNotNull().and(theirs.isNull()).or(coalesce(mine.gt(theirs), lit(false)));
    return tieIsMine ? greater.or(mine.eqNullSafe(theirs)) : greater;
  }

  /** True when source {@code i} wins a tie of measures against {@code j}. */
  private static boolean tieGoesTo(ReconcilePlan plan, int i, int j) {
    int trustI = -plan.rank(i);
    int trustJ = -plan.rank(j);
    return trustI > trustJ || (trustI == trustJ && i > j);
  }

  private static Column agreeing(int n, int i) {
    return sum(n, j -> j == i ? lit(1) : when(col(hash(j)).equalTo(col(hash(i))), 1).otherwise(0));
  }

  /** The value of {@code perSource} for the winning source. */
  static Column pick(int n, IntFunction<Column> perSource) {
    return element_at(array(each(n, perSource)), col(WINNER).plus(1));
  }

  static Column[] each(int n, IntFunction<Column> f) {
    Column[] out = new Column[n];
    for (int i = 0; i < n; i++) {
      out[i] = f.apply(i);
    }
    return out;
  }

  static Column sum(int n, IntFunction<Column> f) {
    Column total = lit(0);
    for (int i = 0; i < n; i++) {
      total = total.plus(f.apply(i));
    }
    return total;
  }

  /**
   * Rows of {@code full} whose identity ({@code FILE}, {@code SEQ}) is in {@code ids}; broadcasts
   * the ids when there are few, so full rows are not shuffled.
   */
  static Dataset<Row> rowsById(Dataset<Row> full, Dataset<Row> ids, long count) {
    return full.join(lookup(ids, count), seq(List.of(FILE, SEQ)), "left_semi");
  }

  /**
   * {@code keys} ({@code count} rows) to join against: broadcast when there are few, so the other
   * side is not shuffled.
   */
  static Dataset<Row> lookup(Dataset<Row> keys, long count) {
    return count <= BROADCAST_MAX_KEYS ? broadcast(keys) : keys;
  }

  static Seq<String> seq(List<String> names) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(names)).toSeq();
  }
}
