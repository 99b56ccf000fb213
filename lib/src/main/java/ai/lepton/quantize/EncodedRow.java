package ai.lepton.quantize;

import ai.lepton.model.FeatureSignature;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One row of a split as a model sees it: the label (class index, or the value for regression) and
 * the encoded feature vector of {@link FeatureSignature#encode}.
 */
public record EncodedRow(double label, float[] features) implements Serializable {

  /**
   * Encodes {@code data} with {@code signature}. Rows with a null label, a label that is not one of
   * the classes (multiclass), or a null numeric feature under null policy {@code drop} are left
   * out, as training leaves them out. Binary labels not equal to the second class are class 0.
   */
  public static JavaRDD<EncodedRow> encode(Dataset<Row> data, FeatureSignature signature) {
    String[] columns = signature.inputColumns().toArray(String[]::new);
    String label = signature.label();
    boolean drop = !"impute".equals(signature.nullPolicy());
    int numeric = signature.numeric().size();
    return data.javaRDD()
        .mapPartitions(
            rows -> {
              java.util.List<EncodedRow> out = new java.util.ArrayList<>();
              while (rows.hasNext()) {
                EncodedRow r = encode(rows.next(), signature, columns, label, drop, numeric);
                if (r != null) {
                  out.add(r);
                }
              }
              return out.iterator();
            });
  }

  private static EncodedRow encode(
      Row row, FeatureSignature sig, String[] columns, String label, boolean drop, int numeric) {
    Object y = row.getAs(label);
    if (y == null) {
      return null;
    }
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < columns.length; i++) {
      Object v = row.getAs(columns[i]);
      if (v == null && i < numeric && drop) {
        return null;
      }
      values.put(columns[i], v);
    }
    double target;
    if (sig.classification()) {
      int k = sig.classes().indexOf(y.toString());
      if (k < 0 && !"binary".equals(sig.task())) {
        return null;
      }
      target = Math.max(k, 0);
    } else {
      target = ((Number) y).doubleValue();
    }
    return new EncodedRow(target, sig.encode(values));
  }

  /**
   * The rows of {@code rows} in lists of {@code size} (the last one shorter), for batched scoring.
   */
  public static java.util.List<java.util.List<EncodedRow>> batches(
      java.util.Iterator<EncodedRow> rows, int size) {
    java.util.List<java.util.List<EncodedRow>> out = new java.util.ArrayList<>();
    java.util.List<EncodedRow> current = new java.util.ArrayList<>();
    while (rows.hasNext()) {
      current.add(rows.next());
      if (current.size() == size) {
        out.add(current);
        current = new java.util.ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
