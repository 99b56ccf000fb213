package ai.lepton.train;

import ai.lepton.data.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns {@code lepton.train.features} names, found in the input table (case-insensitively)
 * and checked: numeric features and a regression label numeric, categorical features and a class
 * label atomic, no feature named as a column Lepton adds.
 *
 * @param key the key column as the table spells it
 * @param label the label column as the table spells it
 */
record FeatureColumns(String key, String label, List<String> numeric, List<String> categorical) {

  /** The columns of {@code f} in {@code schema}; an {@link InputException} names the bad one. */
  static FeatureColumns check(StructType schema, TrainConfig.Features f) {
    String key = column(schema, f.key(), "lepton.train.features.key");
    String label = column(schema, f.label(), "lepton.train.features.label");
    List<String> numeric = new ArrayList<>();
    for (String n : f.numeric()) {
      String c = column(schema, n, "lepton.train.features.numeric");
      requireNumeric(schema, c, "feature", "lepton.train.features.numeric");
      numeric.add(c);
    }
    List<String> categorical = new ArrayList<>();
    for (String n : f.categorical()) {
      String c = column(schema, n, "lepton.train.features.categorical");
      requireAtomic(schema, c, "lepton.train.features.categorical");
      categorical.add(c);
    }
    if (f.classification()) {
      requireAtomic(schema, label, "lepton.train.features.label");
    } else {
      requireNumeric(schema, label, "label", "lepton.train.features.label");
    }
    for (String c : concat(numeric, categorical)) {
      if (c.equals(TrainingSet.FEATURES) || c.equals(TrainingSet.LABEL)) {
        throw new InputException(
            "A feature column may not be named '" + c + "' (Lepton adds that column). Rename it.");
      }
    }
    return new FeatureColumns(key, label, List.copyOf(numeric), List.copyOf(categorical));
  }

  private static String column(StructType schema, String name, String key) {
    for (StructField field : schema.fields()) {
      if (field.name().equalsIgnoreCase(name)) {
        return field.name();
      }
    }
    throw new InputException(
        "Column '"
            + name
            + "' ("
            + key
            + ") is not in the input table, whose columns are "
            + Arrays.toString(schema.fieldNames())
            + ". Fix "
            + key
            + ".");
  }

  private static void requireNumeric(StructType schema, String c, String what, String key) {
    DataType t = schema.apply(c).dataType();
    if (!(t instanceof NumericType)) {
      throw new InputException(
          "The "
              + what
              + " column '"
              + c
              + "' ("
              + key
              + ") must be numeric but is "
              + t.simpleString()
              + ". Cast it in the table, or list it under lepton.train.features.categorical"
              + (what.equals("label") ? " / use a classification task" : "")
              + ".");
    }
  }

  private static void requireAtomic(StructType schema, String c, String key) {
    DataType t = schema.apply(c).dataType();
    String s = t.typeName();
    if (s.equals("struct") || s.equals("array") || s.equals("map") || s.equals("binary")) {
      throw new InputException(
          "Column '"
              + c
              + "' ("
              + key
              + ") is "
              + t.simpleString()
              + "; a class label or categorical feature must be a string, number, boolean or"
              + " date. Fix "
              + key
              + ".");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
