package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import ai.lepton.config.ConfigException;
import ai.lepton.data.ZonedCast;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * How far apart two values of a column may be and still count as equal. All bounds are inclusive. A
 * numeric tolerance is absolute, relative or both: {@code |a - b| <= abs} or {@code |a - b| <= rel
 * * max(|a|, |b|)}. A time tolerance is a duration: {@code |a - b| <= duration} for timestamps, and
 * for dates the difference in days times 24 hours. Two nulls are equal, a null and a value are not,
 * NaN equals NaN.
 *
 * @param abs absolute bound, 0 for none
 * @param rel relative bound, 0 for none
 * @param micros duration bound in microseconds, 0 for none (time columns only)
 */
record Tolerance(double abs, double rel, long micros) {

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** The keys an object tolerance may have. */
  private static final Set<String> OBJECT_KEYS = Set.of("abs", "rel");

  /**
   * The tolerance as a user writes it: {@code 0.01}, {@code { rel = 1.0E-6 }} or {@code 2000ms}.
   */
  String describe() {
    if (isDuration()) {
      return micros % 1000 == 0 ? micros / 1000 + "ms" : micros + "us";
    }
    if (rel == 0) {
      return String.valueOf(abs);
    }
    return abs == 0 ? "{ rel = " + rel + " }" : "{ abs = " + abs + ", rel = " + rel + " }";
  }

  /** True when the tolerance is about time (a duration) rather than numbers. */
  boolean isDuration() {
    return micros > 0;
  }

  /** True when the tolerance lets nothing but equal values through. */
  boolean isZero() {
    return abs == 0 && rel == 0 && micros == 0;
  }

  /**
   * Reads a tolerance: a number (absolute), {@code { abs = 0.01, rel = 0.001 }}, or a duration
   * string such as {@code "2s"}; {@code key} names it in errors.
   */
  static Tolerance parse(ConfigValue value, String key) {
    if (value.valueType() == ConfigValueType.NUMBER) {
      return numeric(((Number) value.unwrapped()).doubleValue(), 0, key);
    }
    if (value.valueType() == ConfigValueType.OBJECT) {
      Config object = ((com.typesafe.config.ConfigObject) value).toConfig();
      for (String k : object.root().keySet()) {
        if (!OBJECT_KEYS.contains(k)) {
          throw new ConfigException(
              key
                  + "."
                  + k
                  + " is not a tolerance key. Use abs and/or rel, e.g. "
                  + key
                  + " = { abs = 0.01, rel = 0.001 }.");
        }
      }
      try {
        double a = object.hasPath("abs") ? object.getDouble("abs") : 0;
        double r = object.hasPath("rel") ? object.getDouble("rel") : 0;
        return numeric(a, r, key);
      } catch (com.typesafe.config.ConfigException.WrongType e) {
        throw new ConfigException(
            key + " must hold numbers, e.g. { abs = 0.01, rel = 0.001 }; " + e.getMessage(), e);
      }
    }
    if (value.valueType() == ConfigValueType.STRING) {
      String text = (String) value.unwrapped();
      Duration d;
      try {
        d = value.atKey("d").getDuration("d");
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(
            key
                + " is '"
                + text
                + "', which is neither a number nor a duration. Use a number for a numeric column"
                + " (e.g. 0.01) or a duration for a timestamp or date column (e.g. \"2s\", \"1d\").",
            e);
      }
      if (d.isNegative() || d.isZero()) {
        throw new ConfigException(
            key + " is '" + text + "'; a duration tolerance must be more than 0, e.g. \"2s\".");
      }
      long us = d.toNanos() / 1000;
      if (us == 0) {
        throw new ConfigException(
            key + " is '" + text + "'; timestamps have microseconds: use 1us or more.");
      }
      return new Tolerance(0, 0, us);
    }
    throw new ConfigException(
        key
            + " must be a number (absolute, e.g. 0.01), an object { abs = 0.01, rel = 0.001 } or a"
            + " duration (e.g. \"2s\"), not "
            + value.valueType().name().toLowerCase(java.util.Locale.ROOT)
            + ".");
  }

  private static Tolerance numeric(double abs, double rel, String key) {
    if (!(abs >= 0) || !(rel >= 0) || Double.isInfinite(abs) || Double.isInfinite(rel)) {
      throw new ConfigException(
          key
              + " is "
              + (rel == 0 ? String.valueOf(abs) : "{ abs = " + abs + ", rel = " + rel + " }")
              + "; a tolerance must be 0 or more.");
    }
    return new Tolerance(abs, rel, 0);
  }

  /**
   * Checks this tolerance fits a column of {@code type}: numbers for numeric columns, durations for
   * timestamps and dates; {@code key} names it in errors.
   */
  void check(DataType type, String column, String key) {
    boolean time = Normalizer.isTime(type);
    if (isDuration() && !time) {
      throw new ConfigException(
          key
              + " is a duration, but '"
              + column
              + "' is "
              + type.simpleString()
              + ". Durations apply to timestamp and date columns; give a number for a numeric"
              + " one.");
    }
    if (!isDuration() && !(type instanceof NumericType)) {
      throw new ConfigException(
          key
              + " applies to a numeric column, but '"
              + column
              + "' is "
              + type.simpleString()
              + (time ? ". Give a duration for a time column, e.g. \"2s\"." : ".")
              + " Remove it or declare the column numeric in lepton.reconcile.schema.");
    }
  }

  /** True when normalized values {@code a} and {@code b} of a column of {@code type} are equal. */
  Column equal(DataType type, Column a, Column b) {
    if (isZero()) {
      return a.eqNullSafe(b);
    }
    Column close;
    if (isDuration()) {
      Column gap =
          type.equals(DataTypes.DateType)
              ? functions.abs(datediff(a, b)).cast("long").multiply(lit(MICROS_PER_DAY))
              : functions.abs(micros(type, a).minus(micros(type, b)));
      close = gap.leq(lit(micros));
    } else {
      Column x = a.cast(DataTypes.DoubleType);
      Column y = b.cast(DataTypes.DoubleType);
      Column gap = functions.abs(x.minus(y));
      close = lit(false);
      if (abs > 0) {
        close = close.or(gap.leq(lit(abs)));
      }
      if (rel > 0) {
        close = close.or(gap.leq(lit(rel).multiply(greatest(functions.abs(x), functions.abs(y)))));
      }
    }
    return a.eqNullSafe(b).or(a.isNotNull().and(b.isNotNull()).and(close));
  }

  /**
   * A value to hash in place of {@code v} so that two values with equal buckets are within this
   * tolerance (values in different buckets may still be, and are then compared in full). A relative
   * tolerance has no such bucket: the value itself is hashed.
   */
  Column bucket(DataType type, Column v) {
    if (isDuration()) {
      Column us =
          type.equals(DataTypes.DateType)
              ? datediff(v, lit(LocalDate.EPOCH.toString())).cast("long").multiply(MICROS_PER_DAY)
              : micros(type, v);
      return floor(us.divide(lit(micros)));
    }
    if (abs > 0) {
      return floor(v.cast(DataTypes.DoubleType).divide(lit(abs)));
    }
    return v;
  }

  /** Microseconds since the epoch of a timestamp, with or without a zone (no session zone used). */
  private static Column micros(DataType type, Column v) {
    if (type.equals(DataTypes.TimestampNTZType)) {
      // The wall-clock micros of an NTZ value: read as UTC, with no session zone involved.
      return unix_micros(ZonedCast.cast(v, DataTypes.TimestampType, "UTC"));
    }
    return unix_micros(v);
  }
}
