package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import ai.lepton.data.TypedValues;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
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
  private final String timestampPrecision;

  Normalizer(ReconcilePlan plan, ReconcileConfig.Normalize normalize) {
    this.plan = plan;
    this.trimStrings = normalize.trimStrings();
    this.emptyAsNull = normalize.emptyStringAsNull();
    this.zone = normalize.timezone();
    this.timestampPrecision = normalize.timestampPrecision();
  }

  /** True for the types a duration tolerance applies to: timestamps and dates. */
  static boolean isTime(DataType t) {
    return t.equals(DataTypes.TimestampType)
        || t.equals(DataTypes.DateType)
        || t.equals(DataTypes.TimestampNTZType);
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

  /**
   * A value as compared, in its canonical form: strings trimmed, empty as null and lower-cased per
   * config; floating point {@code -0.0} as {@code 0.0} (NaN already equals NaN in Spark);
   * timestamps truncated to {@code normalize.timestamp-precision} (an instant: no zone involved).
   * Decimals of different scale need nothing: the aligned schema gives every source one decimal
   * type.
   */
  Column value(String column, Column value) {
    DataType type = plan.type(column);
    if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      return when(value.equalTo(lit(0)), lit(0.0).cast(type)).otherwise(value);
    }
    if ((type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType))
        && !timestampPrecision.equals("us")) {
      return date_trunc(timestampPrecision.equals("ms") ? "millisecond" : "second", value);
    }
    if (!type.equals(DataTypes.StringType)) {
      return value;
    }
    Column v = trimStrings ? TypedValues.trimmed(value) : value;
    if (emptyAsNull) {
      v = when(v.notEqual(lit("")), v);
    }
    return plan.caseInsensitive().contains(column) ? lower(v) : v;
  }

  /**
   * True when no tolerance applies: copies that hash differently then differ in some normalized
   * value, so the keys with differing copies are exactly the conflicting keys, known before any
   * column is compared.
   */
  boolean hashDecidesConflicts() {
    return plan.tolerance().isEmpty();
  }

  /** True when two normalized values of {@code column} count as equal (within its tolerance). */
  Column equal(String column, Column a, Column b) {
    Tolerance tolerance = plan.tolerance().get(column);
    return tolerance == null ? a.eqNullSafe(b) : tolerance.equal(plan.type(column), a, b);
  }

  /**
   * Hash of the compared values. Equal hashes mean equal values: values with an absolute or
   * duration tolerance are hashed by their tolerance-wide bucket, so values in one bucket are
   * within tolerance.
   */
  Column compareHash(Function<String, Column> columnOf) {
    List<Column> parts = new ArrayList<>();
    for (String c : plan.compared()) {
      Column v = value(c, columnOf.apply(c));
      Tolerance tolerance = plan.tolerance().get(c);
      parts.add(tolerance == null ? v : tolerance.bucket(plan.type(c), v));
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
