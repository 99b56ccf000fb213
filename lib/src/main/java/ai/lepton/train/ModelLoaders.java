package ai.lepton.train;

import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelException;
import ai.lepton.model.ModelManifest;
import ai.lepton.storage.internal.Checksums;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;

/** Builds the {@link ModelLoader} of a local model directory from its manifest's format. */
public final class ModelLoaders {

  /** Spark ML models are saved here under {@code model/}. */
  public static final String SPARK_ML_DIR = "model/spark-ml";

  /** XGBoost's own model file (JSON), as SageMaker's XGBoost container expects it. */
  public static final String XGBOOST_FILE = "model/xgboost-model";

  private ModelLoaders() {}

  /** The identity of a manifest: the SHA-256 of its JSON. */
  public static String id(ModelManifest manifest) {
    try {
      return Checksums.sha256Hex(
          new ByteArrayInputStream(
              ModelDirectory.toJson(manifest).getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loader of the model in {@code dir} (a local, verified model directory). */
  public static ModelLoader forDirectory(ModelManifest manifest, Path dir) {
    String id = id(manifest);
    boolean classification = manifest.features().classification();
    return switch (manifest.format()) {
      case SPARK_ML ->
          new SparkMlLoader(
              id, sparkMl(manifest.algorithm(), classification, dir.resolve(SPARK_ML_DIR)));
      case XGBOOST -> new XgboostLoader(id, bytes(dir.resolve(XGBOOST_FILE)), classification);
      case DJL -> new DjlLoader(id, dir.resolve(DjlTrainer.DIR), classification);
      case ONNX ->
          throw new ModelException(
              "Scoring ONNX models is done by ai.lepton.onnx; this model at "
                  + dir
                  + " is not a training output.");
    };
  }

  @SuppressWarnings("unchecked")
  private static PredictionModel<Vector, ?> sparkMl(
      String algorithm, boolean classification, Path dir) {
    String uri = dir.toUri().toString();
    Object model =
        switch (algorithm) {
          case "mllib.logistic-regression" ->
              classification ? LogisticRegressionModel.load(uri) : LinearRegressionModel.load(uri);
          case "mllib.gbt" ->
              classification ? GBTClassificationModel.load(uri) : GBTRegressionModel.load(uri);
          case "mllib.random-forest" ->
              classification
                  ? RandomForestClassificationModel.load(uri)
                  : RandomForestRegressionModel.load(uri);
          default ->
              throw new ModelException(
                  "The manifest says format spark-ml but algorithm '" + algorithm + "'.");
        };
    return (PredictionModel<Vector, ?>) model;
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
