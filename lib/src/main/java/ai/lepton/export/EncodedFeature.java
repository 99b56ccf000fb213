package ai.lepton.export;

import ai.lepton.model.FeatureSignature;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * One feature's place and encoding in the served input vector, as {@code manifest.json} states it:
 * enough to encode a row with nothing but the manifest. The same steps as {@link
 * FeatureSignature#encode}.
 *
 * @param name the input column
 * @param kind {@code numeric} or {@code categorical}
 * @param offset the first position of this feature in the vector
 * @param width positions it takes: 1 (numeric) or the number of categories (one-hot)
 * @param log numeric: whether {@link #LOG} is applied first
 * @param mean numeric: subtracted (after the log step); a null value encodes as this mean, i.e. 0
 * @param std numeric: divided by (a std of 0 in the model is written here as 1)
 * @param categories categorical: the values in one-hot order; one not listed, or null, is all zeros
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EncodedFeature(
    String name,
    String kind,
    int offset,
    int width,
    Boolean log,
    Double mean,
    Double std,
    List<String> categories) {

  /** The log step of a log-numeric feature, in words. */
  public static final String LOG = "sign(x) * ln(1 + |x|)";

  /** The whole rule, in words, written beside the per-feature list. */
  public static final String RULE =
      "x[offset] = (v - mean) / std per numeric feature, where v = "
          + LOG
          + " when log is true, else the value; a null numeric encodes as 0 (its mean);"
          + " then per categorical feature a one-hot block of width categories at offset"
          + " (1 at the category's index; a value not listed, or null, is all zeros).";

  /** The features of {@code signature} in vector order. */
  public static List<EncodedFeature> of(FeatureSignature signature) {
    List<EncodedFeature> out = new ArrayList<>();
    int offset = 0;
    for (FeatureSignature.Numeric n : signature.numeric()) {
      double std = n.std() == 0 ? 1 : n.std();
      out.add(new EncodedFeature(n.name(), "numeric", offset++, 1, n.log(), n.mean(), std, null));
    }
    for (FeatureSignature.Categorical c : signature.categorical()) {
      int width = c.values().size();
      out.add(
          new EncodedFeature(c.name(), "categorical", offset, width, null, null, null, c.values()));
      offset += width;
    }
    return out;
  }
}
