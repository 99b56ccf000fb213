package ai.lepton.monitor;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelManifest;
import ai.lepton.train.Encoding;
import ai.lepton.train.LeptonModelTransformer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
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

  /**
   * What the monitor compares for {@code manifest}'s model: each feature, the model's score and,
   * when the new rows have one, the label.
   */
  static List<Slot> all(ModelManifest manifest, boolean labelled) {
    FeatureSignature sig = manifest.features();
    List<Slot> slots = new ArrayList<>();
    sig.numeric().forEach(n -> slots.add(Slot.numeric(n.name(), "numeric", n.name())));
    sig.categorical()
        .forEach(c -> slots.add(Slot.categorical(c.name(), "categorical", c.name(), c.values())));
    switch (sig.task()) {
      case "binary" ->
          slots.add(
              Slot.numeric(
                  MonitorAction.PREDICTION, "prediction", LeptonModelTransformer.PROBABILITY));
      case "regression" ->
          slots.add(
              Slot.numeric(
                  MonitorAction.PREDICTION, "prediction", LeptonModelTransformer.PREDICTION));
      default ->
          slots.add(
              Slot.categorical(
                  MonitorAction.PREDICTION,
                  "prediction",
                  LeptonModelTransformer.PREDICTION,
                  IntStream.range(0, sig.classes().size()).mapToObj(i -> i + ".0").toList()));
    }
    if (labelled) {
      if (!sig.classification()) {
        slots.add(Slot.numeric(sig.label(), "label", sig.label()));
      } else {
        Object positive = manifest.params().get("positive-class");
        List<String> classes = positive == null ? sig.classes() : List.of(positive.toString());
        slots.add(Slot.categorical(sig.label(), "label", sig.label(), classes));
      }
    }
    return slots;
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
