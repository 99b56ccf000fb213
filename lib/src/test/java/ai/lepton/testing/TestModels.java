package ai.lepton.testing;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Sealed model directories for tests that need a model but not a trainer. */
public final class TestModels {

  private TestModels() {}

  /** A binary signature with 2 numeric features and one categorical with 2 values (D = 4). */
  public static FeatureSignature binarySignature() {
    return new FeatureSignature(
        "id",
        "churned",
        "binary",
        List.of(
            new FeatureSignature.Numeric("balance", 100.0, 20.0),
            new FeatureSignature.Numeric("age", 40.0, 10.0)),
        List.of(new FeatureSignature.Categorical("plan", List.of("basic", "pro"))),
        List.of("0", "1"),
        "impute");
  }

  /**
   * Writes {@code files} (path under {@code model/} to content) into {@code dir}, seals it as a
   * model of {@code format} and returns the manifest.
   */
  public static ModelManifest write(
      Path dir, String name, ModelFormat format, String runId, Map<String, byte[]> files) {
    return write(dir, name, format, runId, files, null, true);
  }

  /** As {@link #write(Path, String, ModelFormat, String, Map)} with a gate and exportability. */
  public static ModelManifest write(
      Path dir,
      String name,
      ModelFormat format,
      String runId,
      Map<String, byte[]> files,
      ModelManifest.Gate gate,
      boolean exportable) {
    return write(dir, name, format, runId, files, gate, exportable, binarySignature(), null);
  }

  /** As {@link #write(Path, String, ModelFormat, String, Map)} with the model's signature. */
  public static ModelManifest write(
      Path dir,
      String name,
      ModelFormat format,
      String runId,
      Map<String, byte[]> files,
      FeatureSignature signature) {
    return write(dir, name, format, runId, files, null, true, signature, null);
  }

  /**
   * An int8 ONNX model as quantize writes it: {@code model.onnx} (int8) and {@code model-fp32.onnx}
   * (the gate's baseline) with the quantization record and the given gate.
   */
  public static ModelManifest quantized(
      Path dir,
      String runId,
      byte[] int8,
      byte[] fp32,
      ModelManifest.Gate gate,
      boolean exportable) {
    return write(
        dir,
        "churn",
        ModelFormat.ONNX,
        runId,
        fp32 == null
            ? Map.of("model.onnx", int8)
            : Map.of("model.onnx", int8, "model-fp32.onnx", fp32),
        gate,
        exportable,
        binarySignature(),
        Map.of("form", "qdq"));
  }

  private static ModelManifest write(
      Path dir,
      String name,
      ModelFormat format,
      String runId,
      Map<String, byte[]> files,
      ModelManifest.Gate gate,
      boolean exportable,
      FeatureSignature signature,
      Map<String, Object> quantization) {
    try {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Path f = dir.resolve("model").resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.write(f, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ModelManifest draft =
        new ModelManifest(
            ModelManifest.FORMAT_VERSION,
            name,
            format == ModelFormat.XGBOOST ? "xgboost" : format.id() + ".test",
            format,
            signature,
            Map.of("seed", 7),
            Map.of("test", Map.of("auc", 0.91)),
            new ModelManifest.InputTable("/data/golden", 3),
            runId,
            "2026-11-27T10:00:00Z",
            "0.1.0-SNAPSHOT",
            null,
            Map.of("trainRunId", runId),
            quantization,
            gate,
            exportable);
    return ModelDirectory.seal(dir, draft);
  }

  /** A failed gate, as quantize writes it. */
  public static ModelManifest.Gate failedGate() {
    return new ModelManifest.Gate(
        false,
        false,
        Map.of("agreement", 0.91),
        Map.of("agreement", 0.99),
        "agreement 0.91 is below 0.99");
  }

  /**
   * A small binary XGBoost model: 30 rows of 4 features {@code cos(i * step)}, labelled 1 where
   * feature 0 is above feature {@code rival}, trained for {@code rounds} rounds.
   */
  public static Booster xgboostBinary(double step, int rival, int rounds) throws XGBoostError {
    float[] x = new float[30 * 4];
    float[] y = new float[30];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.cos(i * step);
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i * 4] > x[i * 4 + rival] ? 1f : 0f;
    }
    DMatrix train = new DMatrix(x, 30, 4, Float.NaN);
    train.setLabel(y);
    return XGBoost.train(
        train,
        Map.of("objective", "binary:logistic", "max_depth", 2, "nthread", 1),
        rounds,
        Map.of(),
        null,
        null);
  }
}
