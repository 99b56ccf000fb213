package ai.lepton.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.SplitRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns a table into a {@link TrainingSet}: checks the columns, applies the null policy (counted),
 * splits by hash of the key, fits the {@link FeatureSignature} on the training split and encodes
 * every split with it.
 */
final class FeaturePrep {

  static final String RAW_LABEL = "_lepton_label";
  private static final String BUCKET = "_lepton_bucket";

  private FeaturePrep() {}

  /** Prepares the splits; the returned datasets are cached (unpersist with {@link #release}). */
  public static TrainingSet prepare(Dataset<Row> table, TrainConfig config) {
    TrainConfig.Features f = config.features();
    FeatureColumns columns = FeatureColumns.check(table.schema(), f);
    String key = columns.key();
    String label = columns.label();
    List<String> numeric = columns.numeric();
    List<String> categorical = columns.categorical();

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

    FeatureSignature signature = SignatureFit.fit(train, columns, f);
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
}
