package ai.lepton.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a model takes and predicts, and how a row becomes its input vector. Every Lepton model reads
 * the same encoded vector: first each numeric feature standardized, {@code (x - mean) / std} (a
 * {@code std} of 0 counts as 1; a feature marked {@code log} is first mapped to {@code sign(x) *
 * ln(1 + |x|)}), then for each categorical feature a one-hot block over {@code values} (a value not
 * in the list, or null, is all zeros).
 *
 * @param key the key column (used for the deterministic split; not a feature)
 * @param label the label column
 * @param task {@code binary}, {@code multiclass} or {@code regression}
 * @param numeric numeric features in encoding order
 * @param categorical categorical features in encoding order, after the numeric ones
 * @param classes the label values in class-index order (classification); empty for regression
 * @param nullPolicy {@code drop} or {@code impute} (numeric nulls become the mean)
 */
public record FeatureSignature(
    String key,
    String label,
    String task,
    List<Numeric> numeric,
    List<Categorical> categorical,
    List<String> classes,
    String nullPolicy)
    implements Serializable {

  public FeatureSignature {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
    classes = classes == null ? List.of() : List.copyOf(classes);
  }

  /**
   * A numeric feature and the statistics of the training split that standardize it.
   *
   * @param log true when the value is first mapped to {@code sign(x) * ln(1 + |x|)} (for
   *     heavy-tailed amounts); {@code mean} and {@code std} are then those of the mapped values
   */
  public record Numeric(String name, double mean, double std, boolean log) implements Serializable {

    /** A feature standardized as it is. */
    public Numeric(String name, double mean, double std) {
      this(name, mean, std, false);
    }

    /** The value before standardization: {@code x}, or its signed log when {@link #log}. */
    public double transform(double x) {
      return log ? Math.signum(x) * Math.log1p(Math.abs(x)) : x;
    }
  }

  /** A categorical feature and its values (from the training split) in one-hot order. */
  public record Categorical(String name, List<String> values) implements Serializable {
    public Categorical {
      values = List.copyOf(values);
    }
  }

  /** The length of the encoded vector. */
  public int encodedSize() {
    return numeric.size() + categorical.stream().mapToInt(c -> c.values().size()).sum();
  }

  /** The input column names in the order of {@link #encode}. */
  public List<String> inputColumns() {
    return java.util.stream.Stream.concat(
            numeric.stream().map(Numeric::name), categorical.stream().map(Categorical::name))
        .toList();
  }

  /**
   * Encodes one row given as column name to value (numbers for numeric features, anything whose
   * {@code toString} is the category for categorical ones). A null numeric encodes as its mean.
   */
  public float[] encode(Map<String, ?> row) {
    float[] x = new float[encodedSize()];
    int i = 0;
    for (Numeric n : numeric) {
      Object v = row.get(n.name());
      double d = v == null ? n.mean() : n.transform(((Number) v).doubleValue());
      double std = n.std() == 0 ? 1 : n.std();
      x[i++] = (float) ((d - n.mean()) / std);
    }
    for (Categorical c : categorical) {
      Object v = row.get(c.name());
      int at = v == null ? -1 : c.values().indexOf(v.toString());
      if (at >= 0) {
        x[i + at] = 1f;
      }
      i += c.values().size();
    }
    return x;
  }

  /** True for binary or multiclass. */
  public boolean classification() {
    return !"regression".equals(task);
  }
}
