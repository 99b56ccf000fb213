package ai.lepton.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.rtrim;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.Option;

/**
 * Turns a value into a column's declared type without ever failing the job: a value that does not
 * fit (not a number, an impossible date, out of range, more decimal places than the column keeps, a
 * boolean other than {@code true}/{@code false}) becomes null and is reported, so that its row can
 * go to quarantine with the column named. Independent of {@code spark.sql.ansi.enabled} and of
 * Spark's legacy date-parser settings: every conversion is a non-ANSI cast (null where a value does
 * not convert), with checks of its own where such a cast would truncate, wrap or round.
 */
public final class TypedValues {

  /**
   * The characters {@link #trimmed} removes from both ends: spaces and tabs. (Not line breaks: a
   * line break inside an expression breaks RAPIDS's plan explanation, which gpu-check reads.)
   */
  public static final String WHITE_SPACE = " \t";

  /** Longest piece of a bad value quoted in a reason. */
  static final int QUOTED_CHARS = 80;

  private final String zone;
  private final boolean stripThousands;

  /**
   * @param zone the time zone of timestamps written without an offset
   * @param stripThousands whether {@code ,} in numbers is a thousands separator (CSV's parser)
   */
  TypedValues(String zone, boolean stripThousands) {
    this.zone = zone;
    this.stripThousands = stripThousands;
  }

  /** The time zone of timestamps written without an offset. */
  String zone() {
    return zone;
  }

  /** Whether text of this type is converted here rather than by a file format's own parser. */
  static boolean converts(DataType type) {
    return type instanceof BooleanType
        || type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType
        || type instanceof DecimalType
        || type instanceof DoubleType
        || type instanceof FloatType
        || type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType;
  }

  /** One column converted: its value, and the reason it did not fit (null when it did). */
  record Converted(Column value, Column reason) {}

  /**
   * Converts {@code value}, of type {@code from}, to {@code to}. Nulls, and blank strings, stay
   * null without a reason.
   */
  Converted convert(String name, Column value, DataType from, DataType to) {
    if (from.equals(to)) {
      return new Converted(value, lit(null).cast(DataTypes.StringType));
    }
    boolean text = from instanceof StringType;
    Column in = text ? trimmed(value) : value;
    if (text && (to instanceof DoubleType || to instanceof FloatType)) {
      // JSON's bare NaN token reaches a text column quoted ("NaN"): read it as a value. Not a
      // bare Infinity: Spark's JSON reader gives a number too large for a double (1e400) as the
      // same "Infinity", and such a number must go to quarantine, not become infinite.
      in = regexp_replace(in, "^\"([+-]?NaN)\"$", "$1");
    }
    Column present = text ? value.isNotNull().and(length(in).gt(0)) : value.isNotNull();
    Column converted = text ? fromText(in, to) : cast(in, to);
    Column misfit = converted.isNull();
    String why = "is not a valid " + to.sql();
    if (text && isIntegral(to)) {
      misfit = misfit.or(in.rlike("^[+-]?[0-9]+$").equalTo(lit(false)));
    }
    if (!text && isNumeric(from) && isNumeric(to) && !(to instanceof DecimalType)) {
      misfit = misfit.or(cast(converted, from).notEqual(value));
      why = "is not a valid " + to.sql() + " (out of its range, or not a whole number)";
    }
    if (to instanceof DecimalType) {
      Column exact = text ? cast(number(in), DataTypes.createDecimalType(38, 18)) : in;
      misfit =
          misfit.or(converted.isNotNull().and(exact.isNotNull()).and(exact.notEqual(converted)));
      why =
          "is not a valid "
              + to.sql()
              + " (not a number, too many digits, or more decimal places than it keeps)";
    }
    if (to instanceof DoubleType || to instanceof FloatType) {
      Column infinite = converted.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
      Column saysInfinite =
          text
              ? lower(in).rlike("^[+-]?inf(inity)?$")
              : value
                  .cast(DataTypes.DoubleType)
                  .isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
      misfit = misfit.or(infinite.and(saysInfinite.equalTo(lit(false))));
      why = "is not a valid " + to.sql() + " (not a number, or out of its range)";
    }
    Column bad = present.and(misfit);
    Column shown = substring(asWritten(value, from), 1, QUOTED_CHARS);
    Column reason = when(bad, concat(lit("column '" + name + "': '"), shown, lit("' " + why)));
    return new Converted(when(bad.equalTo(lit(false)), converted), reason);
  }

  /**
   * A value as text, as close to how it was written as the reader allows: a decimal without the
   * zeros its type's scale pads it with ({@code 1.239}, not {@code 1.239000000000000000}: JSON
   * decimals are read with a wider scale than declared).
   */
  private Column asWritten(Column value, DataType from) {
    Column text = ZonedCast.cast(value, DataTypes.StringType, zone);
    if (from instanceof DecimalType d && d.scale() > 0) {
      return rtrim(rtrim(text, "0"), ".");
    }
    return text;
  }

  /**
   * A string without white space at either end ({@link #WHITE_SPACE}: Spark's own {@code trim}
   * removes only spaces, so a key of {@code " \t "} would stay a key).
   */
  public static Column trimmed(Column text) {
    return trim(text, WHITE_SPACE);
  }

  /** The first non-null reason of several columns. */
  static Column firstReason(List<Column> reasons) {
    List<Column> all = new ArrayList<>(reasons);
    all.add(lit(null).cast(DataTypes.StringType));
    return all.size() == 1 ? all.get(0) : coalesce(all.toArray(Column[]::new));
  }

  private Column fromText(Column text, DataType to) {
    if (to instanceof BooleanType) {
      Column word = lower(text);
      return when(word.equalTo(lit("true")), lit(true))
          .when(word.equalTo(lit("false")), lit(false));
    }
    if (to instanceof DecimalType || to instanceof DoubleType || to instanceof FloatType) {
      return cast(number(text), to);
    }
    return cast(text, to);
  }

  private static boolean isIntegral(DataType type) {
    return type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType;
  }

  private static boolean isNumeric(DataType type) {
    return isIntegral(type)
        || type instanceof DecimalType
        || type instanceof DoubleType
        || type instanceof FloatType;
  }

  private Column number(Column text) {
    return stripThousands ? regexp_replace(text, ",", "") : text;
  }

  /**
   * Spark's non-ANSI cast, whatever {@code spark.sql.ansi.enabled} says: null where a value does
   * not convert (never an error), and GPU-eligible under RAPIDS, unlike {@code try_cast}. Where it
   * would silently truncate, wrap or accept loosely, {@link #convert} checks the value itself.
   */
  private Column cast(Column value, DataType to) {
    Option<String> tz = Option.apply(zone);
    return new Column(new Cast(value.expr(), to, tz, EvalMode.LEGACY()));
  }
}
