package ai.lepton.train;

import ai.lepton.model.FeatureSignature;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three splits of a training run, each with the key, the cleaned input columns, {@code
 * features} (the encoded Vector) and {@code label} (double: the class index for classification).
 *
 * @param signature fitted on the training split
 * @param counts rows per split and rows dropped, with why
 */
record TrainingSet(
    FeatureSignature signature,
    Dataset<Row> train,
    Dataset<Row> validation,
    Dataset<Row> test,
    Counts counts) {

  /** The {@code Vector} column every trainer reads. */
  public static final String FEATURES = "features";

  /** The {@code double} label column every trainer reads. */
  public static final String LABEL = "label";

  /**
   * Row counts: per split, rows dropped for a null label, for a null or NaN feature (null-policy
   * drop), and validation/test rows whose class the training split never saw.
   */
  public record Counts(
      long input,
      long train,
      long validation,
      long test,
      long droppedNullLabel,
      long droppedNullFeature,
      long droppedUnknownClass) {}
}
