package ai.lepton.export;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.ServingTensors;
import ai.lepton.quantize.QuantizeAction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds each target's files in a local staging folder: first the model's serving layout for its
 * format (the "payload"), then the target's packaging around it ({@link SageMakerLayout}, {@link
 * AzureMlLayout}; Triton and local targets take the payload as it is).
 *
 * <p>Payload by format: xgboost → {@code xgboost-model} (SageMaker's XGBoost container layout);
 * onnx → a Triton entry {@code <name>/config.pbtxt} + {@code <name>/1/model.onnx}; djl → DJL
 * Serving's {@code serving.properties} + the model files; spark-ml → {@code sparkml/<the saved
 * pipeline>} + {@code lepton-model.json} (Lepton's own layout: load with {@code
 * PipelineModel.load}, encode rows with the signature).
 */
final class ServingLayouts {

  /** Where a model directory holds an XGBoost model. */
  static final String XGBOOST_FILE = "model/xgboost-model";

  private final SourceModel model;
  private final XgboostModelFile xgboost;
  private final Path staging;

  /** Layouts of {@code model}; {@code xgboost} is its prepared model file (XGBoost models). */
  ServingLayouts(SourceModel model, XgboostModelFile xgboost, Path staging) {
    this.model = model;
    this.xgboost = xgboost;
    this.staging = staging;
  }

  /** Builds the files of {@code target}; fails before anything is published. */
  StagedTarget stage(ExportTarget target) {
    Path dir = staging.resolve(target.name());
    Map<String, Path> payload = payload(dir.resolve("payload"), target);
    Path out = dir.resolve("out");
    LayoutFiles.mkdirs(out);
    return switch (target.type()) {
      case SAGEMAKER -> new SageMakerLayout(model).stage(target, payload, out);
      case AZUREML -> new AzureMlLayout(model).stage(target, payload, out);
      case TRITON -> triton(target, payload);
      case LOCAL -> new StagedTarget(target, sorted(payload), "", List.of());
    };
  }

  // ---- payload by model format

  private Map<String, Path> payload(Path dir, ExportTarget target) {
    LayoutFiles.mkdirs(dir);
    ModelManifest m = model.manifest();
    Map<String, Path> files = new TreeMap<>();
    switch (m.format()) {
      case XGBOOST -> {
        required(XGBOOST_FILE);
        files.put(
            "xgboost-model", LayoutFiles.write(dir.resolve("xgboost-model"), xgboost.bytes()));
      }
      case ONNX -> {
        for (String form : target.onnxForms()) {
          String entry = tritonEntry(target, form);
          Path config =
              LayoutFiles.write(dir.resolve(entry).resolve("config.pbtxt"), onnxConfig(entry));
          files.put(entry + "/config.pbtxt", config);
          files.put(entry + "/1/model.onnx", onnxFile(target, form));
        }
      }
      case DJL -> {
        files.put(
            "serving.properties",
            LayoutFiles.write(dir.resolve("serving.properties"), djlProperties()));
        modelFiles().forEach((rel, path) -> files.put(rel, path));
      }
      case SPARK_ML -> {
        modelFiles().forEach((rel, path) -> files.put("sparkml/" + rel, path));
        files.put(ModelManifest.FILE, model.file(ModelManifest.FILE));
      }
    }
    return files;
  }

  /** The Triton entry of {@code form}: the model's name, or {@code <name>-fp32} beside int8. */
  private String tritonEntry(ExportTarget target, String form) {
    boolean both = target.onnxForms().size() > 1;
    return both && form.equals(ExportTarget.FP32) ? model.name() + "-fp32" : model.name();
  }

  /**
   * The ONNX file of {@code form}: int8 is {@code model/model.onnx}; fp32 is quantize's {@code
   * model/model-fp32.onnx}, or {@code model/model.onnx} of a model that was not quantized.
   */
  private Path onnxFile(ExportTarget target, String form) {
    if (form.equals(ExportTarget.INT8) || model.manifest().quantization() == null) {
      return required("model/model.onnx");
    }
    if (!model.manifest().files().containsKey(QuantizeAction.FP32_FILE)) {
      throw new ExportException(
          target.key("onnx-forms")
              + " asks for the fp32 form, but the model at "
              + model.uri()
              + " has no "
              + QuantizeAction.FP32_FILE
              + " (it was quantized by a Lepton version that did not keep it). Quantize it again,"
              + " or set "
              + target.key("onnx-forms")
              + " = [\"int8\"].");
    }
    return model.file(QuantizeAction.FP32_FILE);
  }

  private String onnxConfig(String entry) {
    if (model.manifest().features() == null) {
      throw new ExportException(
          "Cannot lay out the ONNX model "
              + model.uri()
              + " for Triton: its "
              + ModelManifest.FILE
              + " has no input signature (features). Export a model written by lepton train or"
              + " lepton quantize.");
    }
    return TritonConfig.onnx(entry, model.manifest().features());
  }

  private String djlProperties() {
    Object engine = model.manifest().params().getOrDefault("engine", "PyTorch");
    StringBuilder p = new StringBuilder();
    FeatureSignature f = model.manifest().features();
    if (f != null) {
      p.append("# input ")
          .append(ServingTensors.INPUT)
          .append(" float32 ")
          .append(ServingTensors.inputDims(f))
          .append(", output ")
          .append(ServingTensors.OUTPUT)
          .append(" float32 ")
          .append(ServingTensors.outputDims(f))
          .append(" (see manifest.json signature)\n");
    }
    return p.append("engine=")
        .append(engine)
        .append("\noption.modelName=")
        .append(model.name())
        .append('\n')
        .toString();
  }

  /** The files under {@code model/}, by path relative to it. */
  private Map<String, Path> modelFiles() {
    Map<String, Path> out = new TreeMap<>();
    for (String rel : model.manifest().files().keySet()) {
      if (rel.startsWith("model/")) {
        out.put(rel.substring("model/".length()), model.file(rel));
      }
    }
    if (out.isEmpty()) {
      throw new ExportException(
          "The model at " + model.uri() + " has no files under model/; there is nothing to serve.");
    }
    return out;
  }

  private Path required(String rel) {
    if (!model.manifest().files().containsKey(rel)) {
      throw new ExportException(
          "The "
              + model.manifest().format().id()
              + " model at "
              + model.uri()
              + " has no "
              + rel
              + " (its "
              + ModelManifest.FILE
              + " lists "
              + model.manifest().files().keySet()
              + "). Export a model directory written by lepton train or lepton quantize.");
    }
    return model.file(rel);
  }

  // ---- Triton

  private StagedTarget triton(ExportTarget t, Map<String, Path> payload) {
    return new StagedTarget(t, sorted(payload), model.name() + "/config.pbtxt", List.of());
  }

  /** Fails when {@code t} cannot serve the model's format (a triton target serves ONNX only). */
  static void checkServes(ExportTarget t, SourceModel model) {
    if (t.type() == TargetType.TRITON && model.manifest().format() != ModelFormat.ONNX) {
      throw new ExportException(
          "Cannot export the "
              + model.manifest().format().id()
              + " model "
              + model.uri()
              + " to target '"
              + t.name()
              + "': a triton target serves ONNX models. Export a quantized (ONNX) model, or"
              + " change "
              + t.key("type")
              + " to sagemaker, azureml or local.");
    }
  }

  // ---- helpers

  private static Map<String, Path> sorted(Map<String, Path> files) {
    return new TreeMap<>(files);
  }
}
