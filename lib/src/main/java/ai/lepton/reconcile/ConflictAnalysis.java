package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.FILE;
import static ai.lepton.data.SourceReader.SEQ;
import static ai.lepton.data.SourceReader.quote;
import static ai.lepton.reconcile.KeyComparison.DISTINCT;
import static ai.lepton.reconcile.KeyComparison.PRESENT;
import static ai.lepton.reconcile.KeyComparison.WINNER;
import static ai.lepton.reconcile.KeyComparison.WINNER_SOURCE;
import static ai.lepton.reconcile.KeyComparison.each;
import static ai.lepton.reconcile.KeyComparison.present;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import ai.lepton.data.ZonedCast;
import ai.lepton.spark.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The wide side of reconcile, only for keys whose copies hash differently: brings those keys' full
 * rows together, compares column by column with normalization and tolerance, and says which columns
 * conflict and which sources agree with the winner.
 */
final class ConflictAnalysis {

  static final String CONFLICT_COLUMNS = "_lepton_conflict_columns";

  private ConflictAnalysis() {}

  static String agrees(int i) {
    return "_agrees" + i;
  }

  private static String value(int i, String column) {
    return "_s" + i + "__" + column;
  }

  /** Candidate keys with their conflicting columns and, per source, agreement with the winner. */
  static Dataset<Row> analyze(
      Dataset<Row> byKey,
      List<PreparedSource> sources,
      ReconcilePlan plan,
      Normalizer norm,
      long candidates) {
    int n = sources.size();
    Dataset<Row> wide = byKey.filter(col(DISTINCT).gt(1));
    for (PreparedSource s : sources) {
      int i = s.index();
      Dataset<Row> ids =
          wide.filter(present(i))
              .select(col(KeyComparison.file(i)).as(FILE), col(KeyComparison.seq(i)).as(SEQ));
      List<Column> cols = new ArrayList<>();
      cols.add(col(FILE).as("_rf" + i));
      cols.add(col(SEQ).as("_r" + i));
      plan.compared().forEach(c -> cols.add(col(quote(c)).as(value(i, c))));
      Dataset<Row> rows =
          KeyComparison.rowsById(s.rows(), ids, candidates).select(cols.toArray(Column[]::new));
      Column same =
          wide.col(KeyComparison.file(i))
              .equalTo(rows.col("_rf" + i))
              .and(wide.col(KeyComparison.seq(i)).equalTo(rows.col("_r" + i)));
      wide = wide.join(rows, same, "left_outer");
    }
    List<Column> conflicting = new ArrayList<>();
    Column[] agreement = new Column[n];
    for (int i = 0; i < n; i++) {
      agreement[i] = present(i);
    }
    for (String c : plan.compared()) {
      Column[] normalized = each(n, i -> norm.value(c, col(quote(value(i, c)))));
      Column winning = element_at(array(normalized), col(WINNER).plus(1));
      Column differs = lit(false);
      for (int i = 0; i < n; i++) {
        Column same = norm.equal(c, normalized[i], winning);
        differs = differs.or(present(i).and(same.unary_$bang()));
        agreement[i] = agreement[i].and(same);
      }
      conflicting.add(when(differs, lit(c)));
    }
    Dataset<Row> out =
        wide.withColumn(
            CONFLICT_COLUMNS,
            conflicting.isEmpty()
                ? array().cast("array<string>")
                : array_compact(array(conflicting.toArray(Column[]::new))));
    for (int i = 0; i < n; i++) {
      out = out.withColumn(agrees(i), agreement[i]);
    }
    return out;
  }

  /**
   * One discrepancy row per conflicting column of a key, with every present source's value.
   * Explodes the column names and picks each one's values after, so no array holds a map (RAPIDS
   * cannot). Values are rendered as text in {@code zone} (dates and timestamps).
   */
  static Dataset<Row> conflictRows(Dataset<Row> analyzed, ReconcilePlan plan, int n, String zone) {
    Column values = lit(null).cast("map<string,string>");
    for (String c : plan.compared()) {
      Column entries =
          filter(
              array(
                  each(
                      n,
                      i ->
                          when(
                              present(i),
                              struct(
                                  lit(plan.sources().get(i)).as("source"),
                                  ZonedCast.cast(
                                          col(quote(value(i, c))), DataTypes.StringType, zone)
                                      .as("value"))))),
              Column::isNotNull);
      Column map =
          map_from_arrays(
              transform(entries, e -> e.getField("source")),
              transform(entries, e -> e.getField("value")));
      values = when(col("_d").equalTo(lit(c)), map).otherwise(values);
    }
    List<Column> out = keyColumns(plan);
    out.add(lit("conflict").as("kind"));
    out.add(col("_d").as("column"));
    out.add(values.as("values"));
    out.add(array().cast("array<string>").as("missing_in"));
    out.add(col(WINNER_SOURCE).as("winner"));
    return analyzed
        .filter(size(col(CONFLICT_COLUMNS)).gt(0))
        .withColumn("_d", explode(col(CONFLICT_COLUMNS)))
        .select(out.toArray(Column[]::new));
  }

  /** One discrepancy row per key that some sources lack, naming them. */
  static Dataset<Row> missingRows(Dataset<Row> byKey, ReconcilePlan plan, int n) {
    List<Column> out = keyColumns(plan);
    out.add(lit("missing").as("kind"));
    out.add(lit(null).cast(DataTypes.StringType).as("column"));
    out.add(lit(null).cast("map<string,string>").as("values"));
    out.add(
        array_compact(
                array(each(n, i -> when(present(i).unary_$bang(), lit(plan.sources().get(i))))))
            .as("missing_in"));
    out.add(col(WINNER_SOURCE).as("winner"));
    return byKey.filter(col(PRESENT).lt(n)).select(out.toArray(Column[]::new));
  }

  private static List<Column> keyColumns(ReconcilePlan plan) {
    List<Column> out = new ArrayList<>();
    plan.keys().forEach(k -> out.add(col(quote(k))));
    return out;
  }

  /** Conflicting keys per compared column, and up to {@code sampleSize} examples of each. */
  static ReconcileResult.Conflicts conflicts(
      Row stats,
      Dataset<Row> analyzed,
      ReconcilePlan plan,
      int n,
      String zone,
      int sampleSize,
      Progress progress) {
    Map<String, Long> byColumn = new LinkedHashMap<>();
    for (int j = 0; j < plan.compared().size(); j++) {
      long count = stats.getLong(3 + n + j);
      if (count > 0) {
        byColumn.put(plan.compared().get(j), count);
      }
    }
    return ConflictSamples.withSamples(
        byColumn, () -> conflictRows(analyzed, plan, n, zone), plan, sampleSize, progress);
  }
}
