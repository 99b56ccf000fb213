package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import ai.lepton.data.TypedValues;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The comparison semantics as Spark SQL expressions (no UDFs, so the plan stays GPU-eligible):
 * normalization of a value, equality within tolerance, and the row hash used to skip keys whose
 * copies agree.
 */
final class Normalizer {

  private final ReconcilePlan plan;
  private final boolean trimStrings;
  private final boolean emptyAsNull;
  private final String zone;

  Normalizer(ReconcilePlan plan, ReconcileConfig.Normalize normalize) {
    this.plan = plan;
    this.trimStrings = normalize.trimStrings();
    this.emptyAsNull = normalize.emptyStringAsNull();
    this.zone = normalize.timezone();
  }

  /**
   * The zone of every zone-dependent step ({@code lepton.reconcile.normalize.timezone}): reading
   * timestamps without an offset, widening dates, rendering timestamps as text.
   */
  String zone() {
    return zone;
  }

  /** A key value as matched across sources: strings trimmed and, if so configured, lower-cased. */
  Column key(String column, Column value) {
    if (!plan.type(column).equals(DataTypes.StringType)) {
      return value;
    }
    Column v = trimStrings ? TypedValues.trimmed(value) : value;
    return plan.caseInsensitive().contains(column) ? lower(v) : v;
  }

  /** A value as compared: trimmed, empty as null, lower-cased per config. */
  Column value(String column, Column value) {
    if (!plan.type(column).equals(DataTypes.StringType)) {
      return value;
    }
    Column v = trimStrings ? TypedValues.trimmed(value) : value;
    if (emptyAsNull) {
      v = when(v.notEqual(lit("")), v);
    }
    return plan.caseInsensitive().contains(column) ? lower(v) : v;
  }

  /** True when two normalized values of {@code column} count as equal. */
  Column equal(String column, Column a, Column b) {
    Double tolerance = plan.tolerance().get(column);
    if (tolerance == null || tolerance == 0) {
      return a.eqNullSafe(b);
    }
    Column bothNull = a.isNull().and(b.isNull());
    Column close = a.isNotNull().and(b.isNotNull()).and(abs(a.minus(b)).leq(lit(tolerance)));
    return bothNull.or(close);
  }

  /**
   * Hash of the compared values. Equal hashes mean equal values: numeric values with a tolerance
   * are hashed by their tolerance-wide bucket, so values in one bucket are within tolerance.
   */
  Column compareHash(Function<String, Column> columnOf) {
    List<Column> parts = new ArrayList<>();
    for (String c : plan.compared()) {
      Column v = value(c, columnOf.apply(c));
      Double tolerance = plan.tolerance().get(c);
      if (tolerance != null && tolerance > 0) {
        v = floor(v.cast(DataTypes.DoubleType).divide(lit(tolerance)));
      }
      parts.add(v);
    }
    return hash(parts);
  }

  /** Hash of every data column as read, to tell whether a golden row changed. */
  Column rowHash(Function<String, Column> columnOf) {
    return hash(plan.data().stream().map(columnOf).toList());
  }

  private static Column hash(List<Column> values) {
    if (values.isEmpty()) {
      return lit(0L);
    }
    List<Column> args = new ArrayList<>();
    for (Column v : values) {
      args.add(v);
      args.add(v.isNull());
    }
    return xxhash64(args.toArray(Column[]::new));
  }
}
