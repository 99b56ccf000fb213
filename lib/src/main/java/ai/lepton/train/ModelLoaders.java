package ai.lepton.train;

import ai.lepton.internal.Checksums;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelException;
import ai.lepton.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the {@link ModelLoader} of a local model directory from its manifest's format. */
public final class ModelLoaders {

  /** Spark ML models are saved here under {@code model/}. */
  public static final String SPARK_ML_DIR = "model/spark-ml";

  /** XGBoost's own model file (JSON), as SageMaker's XGBoost container expects it. */
  public static final String XGBOOST_FILE = "model/xgboost-model";

  private ModelLoaders() {}

  /** The identity of a manifest: the SHA-256 of its JSON. */
  public static String id(ModelManifest manifest) {
    return Checksums.sha256Hex(ModelDirectory.toJson(manifest));
  }

  /**
   * The loader of the model in {@code dir} (a local, verified model directory). Spark ML models are
   * read from {@code dir} too, which only local Spark can do: on a cluster use {@link
   * #forModel(ModelManifest, Path, String)}.
   */
  public static ModelLoader forDirectory(ModelManifest manifest, Path dir) {
    return forModel(manifest, dir, dir.toUri().toString());
  }

  /**
   * The loader of the model published at {@code uri} and fetched, verified, into {@code dir}. Spark
   * ML models are read from {@code uri} (their reader runs tasks on the executors, which cannot see
   * the driver's folder); the others from {@code dir}, and shipped to the executors as bytes.
   */
  public static ModelLoader forModel(ModelManifest manifest, Path dir, String uri) {
    String id = id(manifest);
    boolean classification = manifest.features().classification();
    return switch (manifest.format()) {
      case SPARK_ML ->
          new SparkMlLoader(
              id,
              SparkMlFiles.load(
                  manifest.algorithm(), classification, ModelDirectory.child(uri, SPARK_ML_DIR)));
      case XGBOOST -> new XgboostLoader(id, bytes(dir.resolve(XGBOOST_FILE)), classification);
      case DJL -> new DjlLoader(id, dir.resolve(DjlTrainer.DIR), classification);
      case ONNX ->
          throw new ModelException(
              "Scoring ONNX models is done by ai.lepton.onnx; this model at "
                  + dir
                  + " is not a training output.");
    };
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw TrainErrors.modelFile("read the model file " + file, e, TrainErrors.CHECK_STAGING);
    }
  }
}
