package ai.lepton.quantize;

import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.onnx.MllibNetworks;
import ai.lepton.train.ModelLoaders;
import ai.lepton.train.SparkMlFiles;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;

/**
 * Reads a fetched model directory as a {@link DenseNetwork}, or says it is a model Lepton passes
 * through unquantized (trees), or refuses it.
 */
final class SourceModel {

  /** Spark ML algorithms that are trees: passed through, not quantized. */
  static final List<String> TREES =
      List.of("mllib.gbt", "mllib.random-forest", "mllib.decision-tree");

  /** Spark ML algorithms read as networks. */
  static final List<String> NETWORKS =
      List.of("mllib.logistic-regression", "mllib.mlp", "mllib.multilayer-perceptron");

  private SourceModel() {}

  /** Why {@code manifest}'s model is passed through unquantized; null when it is quantizable. */
  static String passThroughReason(ModelManifest manifest) {
    return switch (manifest.format()) {
      case XGBOOST ->
          "xgboost models are tree ensembles: int8 quantization does not apply, so"
              + " the model is passed through unchanged";
      case SPARK_ML ->
          TREES.contains(manifest.algorithm())
              ? manifest.algorithm()
                  + " is a tree model: int8 quantization does not apply, so the model is passed"
                  + " through unchanged"
              : null;
      default -> null;
    };
  }

  /**
   * The network of a quantizable model directory published at {@code uri} and fetched into {@code
   * dir}. Spark ML models are read from {@code uri}: their reader runs tasks on the executors,
   * which do not see the driver's folder.
   */
  static DenseNetwork network(ModelManifest manifest, Path dir, String uri) {
    Path files = dir.resolve("model");
    switch (manifest.format()) {
      case SPARK_ML -> {
        String where = SparkMlFiles.sparkUri(ModelDirectory.child(uri, ModelLoaders.SPARK_ML_DIR));
        try {
          return switch (manifest.algorithm()) {
            case "mllib.logistic-regression" ->
                MllibNetworks.fromLogisticRegression(LogisticRegressionModel.load(where));
            case "mllib.mlp", "mllib.multilayer-perceptron" ->
                MllibNetworks.fromPerceptron(MultilayerPerceptronClassificationModel.load(where));
            default -> throw notQuantizable(manifest, uri);
          };
        } catch (Exception e) {
          // a QuantizeException (or any Lepton error) passes through unchanged
          throw QuantizeErrors.unreadableSparkModel(uri, manifest.algorithm(), where, e);
        }
      }
      case DJL -> {
        return ai.lepton.train.djl.DjlMlpFiles.read(files);
      }
      case ONNX ->
          throw new QuantizeException(
              "The model at "
                  + uri
                  + " is already an ONNX model (written by lepton quantize). Point"
                  + " lepton.quantize.model at the model it came from (lineage.sourceModel in its"
                  + " lepton-model.json).");
      default -> throw notQuantizable(manifest, uri);
    }
  }

  private static QuantizeException notQuantizable(ModelManifest manifest, String uri) {
    return new QuantizeException(
        "The model at "
            + uri
            + " ("
            + manifest.format().id()
            + ", "
            + manifest.algorithm()
            + ") cannot be quantized: Lepton quantizes networks and linear models ("
            + String.join(", ", NETWORKS)
            + ", djl.mlp) and passes trees through ("
            + String.join(", ", TREES)
            + ", xgboost). Point lepton.quantize.model at one of those.");
  }
}
