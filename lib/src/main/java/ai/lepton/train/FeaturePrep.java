package ai.lepton.train;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import ai.lepton.data.InputException;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.SplitRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns a table into a {@link TrainingSet}: checks the columns, applies the null policy (counted),
 * splits by hash of the key, fits the {@link FeatureSignature} on the training split and encodes
 * every split with it.
 */
final class FeaturePrep {

  private static final String RAW_LABEL = "_lepton_label";
  private static final String BUCKET = "_lepton_bucket";
  private static final int MAX_CLASSES = 1000;

  private FeaturePrep() {}

  /** Prepares the splits; the returned datasets are cached (unpersist with {@link #release}). */
  public static TrainingSet prepare(Dataset<Row> table, TrainConfig config) {
    TrainConfig.Features f = config.features();
    StructType schema = table.schema();
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

    List<Column> cols = new ArrayList<>();
    cols.add(col(key));
    numeric.forEach(n -> cols.add(Encoding.numeric(n).as(n)));
    categorical.forEach(c -> cols.add(Encoding.categorical(c).as(c)));
    cols.add(
        (f.classification() ? col(label).cast("string") : Encoding.numeric(label)).as(RAW_LABEL));
    SplitRule rule =
        new SplitRule(config.split().validation(), config.split().test(), config.split().seed());
    cols.add(rule.bucket(col(key)).as(BUCKET));
    Dataset<Row> cleaned = table.select(cols.toArray(new Column[0]));

    Column nullFeature = lit(false);
    for (String n : numeric) {
      nullFeature = nullFeature.or(col(n).isNull());
    }
    Row c =
        cleaned
            .agg(
                count(lit(1)),
                count(when(col(RAW_LABEL).isNull(), 1)),
                count(when(col(RAW_LABEL).isNotNull().and(nullFeature), 1)))
            .collectAsList()
            .get(0);
    long input = c.getLong(0);
    long nullLabel = c.getLong(1);
    long nullFeatureRows = f.nullPolicy().equals("drop") ? c.getLong(2) : 0;
    Dataset<Row> kept = cleaned.filter(col(RAW_LABEL).isNotNull());
    if (f.nullPolicy().equals("drop")) {
      kept = kept.filter(nullFeature.unary_$bang());
    }
    kept = kept.persist(StorageLevel.MEMORY_AND_DISK());

    long testCut = rule.testEnd();
    long validationCut = rule.validationEnd();
    Dataset<Row> test = kept.filter(col(BUCKET).lt(testCut));
    Dataset<Row> validation =
        kept.filter(col(BUCKET).geq(testCut).and(col(BUCKET).lt(validationCut)));
    Dataset<Row> train = kept.filter(col(BUCKET).geq(validationCut));

    FeatureSignature signature = fit(train, key, label, numeric, categorical, f);
    Column features = Encoding.features(signature);
    Column labelValue = labelValue(signature, f);
    Dataset<Row> encodedTrain = encode(train, features, labelValue);
    Dataset<Row> encodedValidation = encode(validation, features, labelValue);
    Dataset<Row> encodedTest = encode(test, features, labelValue);
    Column known = labelValue.geq(0);
    Column bucket = col(BUCKET);
    Row n =
        kept.agg(
                count(lit(1)),
                count(when(known.and(bucket.geq(validationCut)), 1)),
                count(when(known.and(bucket.geq(testCut)).and(bucket.lt(validationCut)), 1)),
                count(when(known.and(bucket.lt(testCut)), 1)))
            .collectAsList()
            .get(0);
    long trainRows = n.getLong(1);
    long validationRows = n.getLong(2);
    long testRows = n.getLong(3);
    long unknown = n.getLong(0) - trainRows - validationRows - testRows;
    return new TrainingSet(
        signature,
        encodedTrain,
        encodedValidation,
        encodedTest,
        new TrainingSet.Counts(
            input, trainRows, validationRows, testRows, nullLabel, nullFeatureRows, unknown));
  }

  /** Releases the cached rows of a training set. */
  public static void release(TrainingSet set) {
    set.train().unpersist(false);
  }

  private static Dataset<Row> encode(Dataset<Row> split, Column features, Column label) {
    return split
        .withColumn(TrainingSet.FEATURES, features)
        .withColumn(TrainingSet.LABEL, label)
        .filter(col(TrainingSet.LABEL).geq(0))
        .drop(RAW_LABEL, BUCKET);
  }

  private static Column labelValue(FeatureSignature signature, TrainConfig.Features f) {
    if (!f.classification()) {
      return col(RAW_LABEL);
    }
    if (!f.positiveClass().isEmpty()) {
      return when(col(RAW_LABEL).equalTo(f.positiveClass()), 1.0).otherwise(0.0);
    }
    Column index = lit(-1.0);
    List<String> classes = signature.classes();
    for (int i = classes.size() - 1; i >= 0; i--) {
      index = when(col(RAW_LABEL).equalTo(classes.get(i)), (double) i).otherwise(index);
    }
    return index;
  }

  static FeatureSignature fit(
      Dataset<Row> train,
      String key,
      String label,
      List<String> numeric,
      List<String> categorical,
      TrainConfig.Features f) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (String n : numeric) {
      Column x = f.logNumeric().contains(n) ? signum(col(n)).multiply(log1p(abs(col(n)))) : col(n);
      aggs.add(avg(x));
      aggs.add(stddev_pop(x));
    }
    Row stats =
        train
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
            .collectAsList()
            .get(0);
    if (stats.getLong(0) == 0) {
      throw new InputException(
          "The training split is empty: no row of the table is left after dropping rows with"
              + " nulls and taking the validation and test splits. Check that the table has rows,"
              + " lepton.train.features.null-policy and lepton.train.split.");
    }
    List<FeatureSignature.Numeric> nums = new ArrayList<>();
    for (int i = 0; i < numeric.size(); i++) {
      Object mean = stats.get(1 + 2 * i);
      Object std = stats.get(2 + 2 * i);
      nums.add(
          new FeatureSignature.Numeric(
              numeric.get(i),
              mean == null ? 0 : (Double) mean,
              std == null || ((Double) std).isNaN() ? 0 : (Double) std,
              f.logNumeric().contains(numeric.get(i))));
    }
    List<FeatureSignature.Categorical> cats = new ArrayList<>();
    for (String c : categorical) {
      List<String> values =
          train
              .filter(col(c).isNotNull())
              .groupBy(col(c))
              .count()
              .orderBy(col("count").desc(), col(c))
              .limit(f.maxCategories())
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .sorted()
              .toList();
      cats.add(new FeatureSignature.Categorical(c, values));
    }
    return new FeatureSignature(
        key, label, f.task(), nums, cats, classes(train, f), f.nullPolicy());
  }

  private static List<String> classes(Dataset<Row> train, TrainConfig.Features f) {
    if (!f.classification()) {
      return List.of();
    }
    List<String> seen =
        train.select(col(RAW_LABEL)).distinct().limit(MAX_CLASSES + 1).collectAsList().stream()
            .map(r -> r.getString(0))
            .sorted()
            .toList();
    if (!f.positiveClass().isEmpty()) {
      if (!seen.contains(f.positiveClass())) {
        throw new InputException(
            "The training split has no row whose "
                + f.label()
                + " is '"
                + f.positiveClass()
                + "' (lepton.train.features.positive-class); it holds "
                + preview(seen)
                + ". Fix the positive class or the label column.");
      }
      if (seen.size() < 2) {
        throw singleClass(f, seen);
      }
      return List.of("not " + f.positiveClass(), f.positiveClass());
    }
    if (seen.size() < 2) {
      throw singleClass(f, seen);
    }
    if (f.task().equals("binary") && seen.size() != 2) {
      throw new InputException(
          "task = binary needs exactly two label values, but "
              + f.label()
              + " has "
              + (seen.size() > MAX_CLASSES ? "more than " + MAX_CLASSES : seen.size())
              + " in the training split: "
              + preview(seen)
              + ". Set lepton.train.features.positive-class to the value that is class 1, or use"
              + " task = multiclass.");
    }
    if (seen.size() > MAX_CLASSES) {
      throw new InputException(
          f.label()
              + " has more than "
              + MAX_CLASSES
              + " distinct values; it is not a class label. Use task = regression or another"
              + " lepton.train.features.label.");
    }
    return seen;
  }

  private static InputException singleClass(TrainConfig.Features f, List<String> seen) {
    return new InputException(
        "The label "
            + f.label()
            + " has a single class in the training split ("
            + preview(seen)
            + "): a classifier needs at least two. Train on data with both outcomes, or fix"
            + " lepton.train.features.label.");
  }

  private static String preview(List<String> values) {
    return values.size() <= 10
        ? values.toString()
        : values.subList(0, 10).toString().replace("]", ", ...]");
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
