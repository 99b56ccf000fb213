package ai.lepton.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import ai.lepton.model.FeatureSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Spark columns that encode rows exactly as {@link FeatureSignature#encode} does: numeric inputs
 * are cast to double (NaN counts as null, which encodes as the mean), categorical inputs are cast
 * to string, and the encoding itself is {@link FeatureSignature#encode} in a UDF.
 */
public final class Encoding {

  private Encoding() {}

  /** A numeric input as double, NaN as null. */
  public static Column numeric(String name) {
    Column d = col(name).cast("double");
    return when(isnan(d), lit(null).cast("double")).otherwise(d);
  }

  /** A categorical input as string. */
  public static Column categorical(String name) {
    return col(name).cast("string");
  }

  /** The encoded {@code Vector} of the signature's input columns. */
  public static Column features(FeatureSignature signature) {
    List<Column> inputs = new ArrayList<>();
    for (FeatureSignature.Numeric n : signature.numeric()) {
      inputs.add(numeric(n.name()).as(n.name()));
    }
    for (FeatureSignature.Categorical c : signature.categorical()) {
      inputs.add(categorical(c.name()).as(c.name()));
    }
    List<String> names = signature.inputColumns();
    UDF1<Row, org.apache.spark.ml.linalg.Vector> encode =
        row -> {
          Map<String, Object> values = new HashMap<>();
          for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), row.isNullAt(i) ? null : row.get(i));
          }
          return Vectors.dense(toDoubles(signature.encode(values)));
        };
    return udf(encode, SQLDataTypes.VectorType()).apply(struct(inputs.toArray(new Column[0])));
  }

  /** Widens an encoded row. */
  public static double[] toDoubles(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  /** Narrows a Spark vector back to the encoded floats (exact: it was widened from floats). */
  public static float[] toFloats(org.apache.spark.ml.linalg.Vector v) {
    double[] d = v.toArray();
    float[] x = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      x[i] = (float) d[i];
    }
    return x;
  }
}
