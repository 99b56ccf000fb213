package ai.lepton.monitor;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Spark side of the monitor: bin edges from one {@code approxQuantile} over the training rows,
 * and every slot's bucket counts from one aggregation per side. Each row becomes one (slot, bucket)
 * pair per slot, and one {@code groupBy(slot, bucket).count()} counts them all, so the work is one
 * scan of the side whatever the number of features and buckets.
 */
final class DriftScan {

  /** Index into a slot's counts of null values. */
  static final int NULLS = 0;

  /** Index into a slot's counts of categories outside the known ones. */
  static final int OTHER = 1;

  /** Index into a slot's counts of its first bucket. */
  static final int FIRST = 2;

  private DriftScan() {}

  /** The column name of slot {@code i} in a prepared side. */
  static String column(int i) {
    return "_s" + i;
  }

  /** The rows' slot values as columns {@link #column}(i). */
  static Dataset<Row> prepare(Dataset<Row> scored, List<Slot> slots) {
    Column[] cols = new Column[slots.size()];
    for (int i = 0; i < slots.size(); i++) {
      cols[i] = slots.get(i).value().as(column(i));
    }
    return scored.select(cols);
  }

  /**
   * Per numeric slot, the sorted distinct training quantiles at {@code probabilities} (one pass);
   * null for categorical slots.
   */
  static double[][] quantiles(
      Dataset<Row> training, List<Slot> slots, double[] probabilities, double relativeError) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).numeric()) {
        names.add(column(i));
      }
    }
    double[][] out = new double[slots.size()][];
    if (names.isEmpty()) {
      return out;
    }
    double[][] q =
        training.stat().approxQuantile(names.toArray(new String[0]), probabilities, relativeError);
    int at = 0;
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).numeric()) {
        out[i] = q[at++];
      }
    }
    return out;
  }

  /**
   * Counts every slot's buckets in one aggregation. Per slot: index {@link #NULLS}, {@link #OTHER},
   * then one count per bucket ({@code edges.length + 1} for numeric slots, one per known value for
   * categorical ones).
   */
  static long[][] count(Dataset<Row> prepared, List<Slot> slots, double[][] edges) {
    Column[] pairs = new Column[slots.size()];
    long[][] counts = new long[slots.size()][];
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      Column b =
          s.numeric()
              ? numericBucket(edges[i], col(column(i)))
              : categoryBucket(s.values(), col(column(i)));
      pairs[i] = struct(lit(i).as("slot"), b.as("bucket"));
      counts[i] = new long[FIRST + (s.numeric() ? edges[i].length + 1 : s.values().size())];
    }
    List<Row> rows =
        prepared
            .select(explode(array(pairs)).as("p"))
            .groupBy(col("p.slot"), col("p.bucket"))
            .count()
            .collectAsList();
    for (Row r : rows) {
      counts[r.getInt(0)][r.getInt(1) + FIRST] += r.getLong(2);
    }
    return counts;
  }

  private static Column numericBucket(double[] edges, Column x) {
    double[] e = edges.clone();
    UDF1<Double, Integer> bucket = v -> v == null ? -2 : DriftMath.bucket(v, e);
    return udf(bucket, DataTypes.IntegerType).apply(x);
  }

  private static Column categoryBucket(List<String> values, Column x) {
    HashMap<String, Integer> known = new HashMap<>();
    for (int k = 0; k < values.size(); k++) {
      known.put(values.get(k), k);
    }
    UDF1<String, Integer> bucket = v -> v == null ? -2 : known.getOrDefault(v, -1);
    return udf(bucket, DataTypes.IntegerType).apply(x);
  }
}
