package ai.lepton.train;

/**
 * Scores batches of encoded rows ({@link ai.lepton.model.FeatureSignature#encode}). One predictor
 * serves one partition at a time; it need not be thread-safe. Implemented for Spark ML, XGBoost,
 * DJL and ONNX models.
 */
public interface Predictor extends AutoCloseable {

  /**
   * Scores a batch: per row, for classification the probability of each class in {@code
   * FeatureSignature.classes()} order (binary: 2 values), for regression one value.
   */
  double[][] scores(float[][] batch);

  @Override
  default void close() {}
}
