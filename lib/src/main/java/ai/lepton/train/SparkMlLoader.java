package ai.lepton.train;

import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/** A Spark ML model (loaded on the driver with MLReader) shipped to executors as an object. */
final class SparkMlLoader implements ModelLoader {

  private final String id;
  private final PredictionModel<Vector, ?> model;

  SparkMlLoader(String id, PredictionModel<Vector, ?> model) {
    this.id = id;
    this.model = model;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public LoadedModel load() {
    return () -> this::score;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private double[][] score(float[][] batch) {
    double[][] out = new double[batch.length][];
    for (int i = 0; i < batch.length; i++) {
      Vector v = Vectors.dense(Encoding.toDoubles(batch[i]));
      if (model instanceof ProbabilisticClassificationModel p) {
        out[i] = ((Vector) ((ProbabilisticClassificationModel) p).predictProbability(v)).toArray();
      } else {
        out[i] = new double[] {model.predict(v)};
      }
    }
    return out;
  }
}
