package ai.lepton.monitor;

import ai.lepton.train.Encoding;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * One distribution the monitor compares: a feature, the model's score or the label. Numeric slots
 * are bucketed by edges from the training quantiles, categorical ones by their known values (a
 * value outside them is "other", bucket -1; null is bucket -2).
 *
 * @param name the column the findings name
 * @param kind {@code numeric}, {@code categorical}, {@code prediction} or {@code label}
 * @param column the column of the scored rows it is read from
 * @param numeric true for a numeric distribution
 * @param values the known categories (categorical only)
 */
record Slot(String name, String kind, String column, boolean numeric, List<String> values)
    implements Serializable {

  Slot {
    values = values == null ? List.of() : List.copyOf(values);
  }

  static Slot numeric(String name, String kind, String column) {
    return new Slot(name, kind, column, true, List.of());
  }

  static Slot categorical(String name, String kind, String column, List<String> values) {
    return new Slot(name, kind, column, false, values);
  }

  /** The slot's value as a double (numeric) or a string (categorical), NaN as null. */
  Column value() {
    return numeric ? Encoding.numeric(column) : Encoding.categorical(column);
  }

  /** Whether nulls are measured (features only: a score has none, a missing label is normal). */
  boolean measuresNulls() {
    return kind.equals("numeric") || kind.equals("categorical");
  }
}
