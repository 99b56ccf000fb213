package ai.lepton.train.djl;

import ai.lepton.model.DenseNetwork;
import java.nio.file.Path;

/**
 * Scores encoded rows with DJL on the PyTorch engine (CPU). Not thread-safe: use one per thread or
 * Spark partition. The outputs are the network's, output activation applied (the probability of the
 * positive class for binary, class probabilities for multiclass, the value for regression).
 */
public final class DjlMlpPredictor implements AutoCloseable {

  private final LoadedMlp model;

  private DjlMlpPredictor(LoadedMlp model) {
    this.model = model;
  }

  /** A predictor for {@code network}. */
  public static DjlMlpPredictor of(DenseNetwork network) {
    return new DjlMlpPredictor(LoadedMlp.of(network));
  }

  /** A predictor for the DJL files {@link DjlMlpFiles#write} put in {@code modelDir}. */
  public static DjlMlpPredictor open(Path modelDir) {
    return new DjlMlpPredictor(DjlMlpFiles.open(modelDir));
  }

  /** The number of values each encoded row must have. */
  public int inputs() {
    return model.inputs();
  }

  /** The outputs for each encoded row, in order. */
  public float[][] predict(float[][] encodedRows) {
    return model.predict(encodedRows);
  }

  @Override
  public void close() {
    model.close();
  }
}
