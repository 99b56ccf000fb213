package ai.lepton.export;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.ServingTensors;
import ai.lepton.quantize.QuantizeAction;
import ai.lepton.storage.Location;
import ai.lepton.storage.StoreType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds each target's files in a local staging folder: first the model's serving layout for its
 * format (the "payload"), then the target's packaging around it.
 *
 * <p>Payload by format: xgboost → {@code xgboost-model} (SageMaker's XGBoost container layout);
 * onnx → a Triton entry {@code <name>/config.pbtxt} + {@code <name>/1/model.onnx}; djl → DJL
 * Serving's {@code serving.properties} + the model files; spark-ml → {@code sparkml/<the saved
 * pipeline>} + {@code lepton-model.json} (Lepton's own layout: load with {@code
 * PipelineModel.load}, encode rows with the signature).
 */
final class ServingLayouts {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

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
    mkdirs(out);
    return switch (target.type()) {
      case SAGEMAKER -> sagemaker(target, payload, out);
      case AZUREML -> azureml(target, payload, out);
      case TRITON -> triton(target, payload);
      case LOCAL -> new StagedTarget(target, sorted(payload), "", List.of());
    };
  }

  // ---- payload by model format

  private Map<String, Path> payload(Path dir, ExportTarget target) {
    mkdirs(dir);
    ModelManifest m = model.manifest();
    Map<String, Path> files = new TreeMap<>();
    switch (m.format()) {
      case XGBOOST -> {
        required(XGBOOST_FILE);
        files.put("xgboost-model", write(dir.resolve("xgboost-model"), xgboost.bytes()));
      }
      case ONNX -> {
        for (String form : target.onnxForms()) {
          String entry = tritonEntry(target, form);
          Path config = write(dir.resolve(entry).resolve("config.pbtxt"), onnxConfig(entry));
          files.put(entry + "/config.pbtxt", config);
          files.put(entry + "/1/model.onnx", onnxFile(target, form));
        }
      }
      case DJL -> {
        files.put("serving.properties", write(dir.resolve("serving.properties"), djlProperties()));
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

  // ---- SageMaker

  private StagedTarget sagemaker(ExportTarget t, Map<String, Path> payload, Path out) {
    List<String> notes = new ArrayList<>();
    Path archive = out.resolve("model.tar.gz");
    TarGz.write(archive, payload, archiveTime());
    String modelName = awsName(model.name() + "-" + model.version());
    String image = sagemakerImage(t, notes);
    String role = t.sagemaker().roleArn();
    if (role.isEmpty()) {
      role = "arn:aws:iam::ACCOUNT_ID:role/REPLACE_WITH_SAGEMAKER_EXECUTION_ROLE";
      notes.add(
          "sagemaker-model.json names a placeholder execution role: set "
              + t.key("sagemaker.role-arn")
              + ", e.g. = ${?SAGEMAKER_ROLE_ARN}");
    }
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("Image", image);
    container.put("Mode", "SingleModel");
    container.put("ModelDataUrl", modelDataUrl(t, notes));
    container.put("Environment", sagemakerEnvironment());
    Map<String, Object> createModel = new LinkedHashMap<>();
    createModel.put("ModelName", modelName);
    createModel.put("ExecutionRoleArn", role);
    createModel.put("PrimaryContainer", container);
    createModel.put("Tags", tags());
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("VariantName", "AllTraffic");
    variant.put("ModelName", modelName);
    variant.put("InitialInstanceCount", t.sagemaker().initialInstanceCount());
    variant.put("InstanceType", t.sagemaker().instanceType());
    variant.put("InitialVariantWeight", 1.0);
    Map<String, Object> endpointConfig = new LinkedHashMap<>();
    endpointConfig.put("EndpointConfigName", modelName);
    endpointConfig.put("ProductionVariants", List.of(variant));
    endpointConfig.put("Tags", tags());
    Map<String, Path> files = new TreeMap<>();
    files.put("model.tar.gz", archive);
    files.put("sagemaker-model.json", writeJson(out.resolve("sagemaker-model.json"), createModel));
    files.put(
        "endpoint-config.json", writeJson(out.resolve("endpoint-config.json"), endpointConfig));
    return new StagedTarget(t, files, "model.tar.gz", notes);
  }

  private String sagemakerImage(ExportTarget t, List<String> notes) {
    if (!t.image().isEmpty()) {
      return t.image();
    }
    ModelFormat format = model.manifest().format();
    String region = t.sagemaker().region();
    return ServingImages.sagemaker(format, region)
        .orElseGet(
            () -> {
              notes.add(
                  "sagemaker-model.json names a placeholder image: "
                      + (format == ModelFormat.SPARK_ML
                          ? "no public SageMaker image serves a saved Spark ML pipeline"
                          : "the built-in image list (as of "
                              + ServingImages.AS_OF
                              + ") has no "
                              + format.id()
                              + " image for region '"
                              + region
                              + "'")
                      + "; set "
                      + t.key("image"));
              return "REPLACE_WITH_" + format.id().replace('-', '_').toUpperCase() + "_IMAGE";
            });
  }

  private Map<String, String> sagemakerEnvironment() {
    Map<String, String> env = new TreeMap<>();
    if (model.manifest().format() == ModelFormat.ONNX) {
      env.put("SAGEMAKER_TRITON_DEFAULT_MODEL_NAME", model.name());
    }
    return env;
  }

  private String modelDataUrl(ExportTarget t, List<String> notes) {
    String at = Publisher.versionFolder(t, model.name(), model.version()) + "model.tar.gz";
    Location location = Location.parse(at);
    if (location.type() == StoreType.S3) {
      return "s3://" + location.bucket() + "/" + location.key();
    }
    notes.add(
        "ModelDataUrl is "
            + at
            + ", which SageMaker cannot read: copy model.tar.gz to S3 and change ModelDataUrl, or"
            + " point "
            + t.key("uri")
            + " at an s3:// bucket");
    return at;
  }

  private List<Map<String, String>> tags() {
    return List.of(
        Map.of("Key", "lepton:model", "Value", model.name()),
        Map.of("Key", "lepton:version", "Value", model.version()));
  }

  // ---- Azure ML

  private StagedTarget azureml(ExportTarget t, Map<String, Path> payload, Path out) {
    boolean triton = model.manifest().format() == ModelFormat.ONNX;
    String folder = triton ? "triton_model" : "custom_model";
    List<String> notes = new ArrayList<>();
    Map<String, Path> files = new TreeMap<>();
    payload.forEach((rel, path) -> files.put(folder + "/" + rel, path));
    boolean scoring = !triton && model.manifest().format() == ModelFormat.XGBOOST;
    if (scoring) {
      Path score = out.resolve("score");
      mkdirs(score);
      files.put("score/score.py", write(score.resolve("score.py"), xgboostScoringScript()));
    } else if (!triton) {
      notes.add(
          "deployment.yml expects a scoring script at score/score.py beside it: Azure ML has no"
              + " built-in server for "
              + model.manifest().format().id()
              + " models, so write one that loads custom_model/");
    }
    if (!azureVersion()) {
      notes.add(
          "Azure ML model versions are whole numbers, so model.yml leaves version "
              + model.version()
              + " to its tag lepton-version and deployment.yml deploys the model's latest version;"
              + " set lepton.export.version to a number to pin it");
    }
    files.put("model.yml", write(out.resolve("model.yml"), azureModel(t, folder, triton)));
    files.put("deployment.yml", write(out.resolve("deployment.yml"), azureDeployment(t, triton)));
    return new StagedTarget(t, files, "model.yml", notes);
  }

  /**
   * Azure ML model versions are whole numbers: a numeric version is used as is; any other (e.g. a
   * run id) is left out of model.yml, so Azure ML numbers the model itself, and kept as the tag
   * {@code lepton-version}; the deployment then names the model's latest version.
   */
  private boolean azureVersion() {
    return model.version().matches("[1-9][0-9]{0,8}");
  }

  private String azureModel(ExportTarget t, String folder, boolean triton) {
    String base = Publisher.versionFolder(t, model.name(), model.version());
    Location location = Location.parse(base);
    String path =
        location.type() == StoreType.AZURE
            ? "https://"
                + location.account()
                + ".blob.core.windows.net/"
                + location.bucket()
                + "/"
                + location.key()
                + folder
            : folder;
    ModelManifest m = model.manifest();
    return "$schema: https://azuremlschemas.azureedge.net/latest/model.schema.json\n"
        + "name: "
        + quote(model.name())
        + (azureVersion() ? "\nversion: " + model.version() : "")
        + "\ntype: "
        + (triton ? "triton_model" : "custom_model")
        + "\npath: "
        + quote(path)
        + "\ndescription: "
        + quote(m.algorithm() + " model exported by Lepton")
        + "\ntags:\n  lepton-format: "
        + quote(m.format().id())
        + "\n  lepton-version: "
        + quote(model.version())
        + "\n  lepton-model-run: "
        + quote(String.valueOf(m.runId()))
        + "\n";
  }

  private String azureDeployment(ExportTarget t, boolean triton) {
    ExportTarget.AzureMl az = t.azureml();
    String endpoint = az.endpointName().isEmpty() ? azureName(model.name()) : az.endpointName();
    StringBuilder y =
        new StringBuilder(
            "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\n");
    y.append("name: ").append(quote(azureName("v-" + model.version()))).append('\n');
    y.append("endpoint_name: ").append(quote(endpoint)).append('\n');
    y.append("model: ")
        .append(
            quote("azureml:" + model.name() + (azureVersion() ? ":" + model.version() : "@latest")))
        .append('\n');
    y.append("instance_type: ").append(quote(az.instanceType())).append('\n');
    y.append("instance_count: ").append(az.instanceCount()).append('\n');
    if (!triton) {
      y.append("environment: ").append(quote(az.environment())).append('\n');
      y.append("code_configuration:\n  code: score\n  scoring_script: score.py\n");
    }
    return y.toString();
  }

  private static String xgboostScoringScript() {
    return """
        # Azure ML scoring script written by Lepton for an XGBoost model.
        # Request:  {"%1$s": [[...encoded feature vector...], ...]} (manifest.json "signature";
        #           "data" is accepted as the same).
        # Response: {"%2$s": [[...], ...]}, float [N, K]: binary the positive class's probability
        #           (K = 1), multiclass the class probabilities, regression the value (K = 1).
        import json
        import os

        import numpy as np
        import xgboost as xgb

        booster = None


        def init():
            global booster
            root = os.environ["AZUREML_MODEL_DIR"]
            for folder, _, names in os.walk(root):
                if "xgboost-model" in names:
                    booster = xgb.Booster()
                    booster.load_model(os.path.join(folder, "xgboost-model"))
                    return
            raise RuntimeError("no xgboost-model under " + root)


        def run(raw_data):
            request = json.loads(raw_data)
            rows = request["%1$s"] if "%1$s" in request else request["data"]
            rows = np.asarray(rows, dtype=np.float32)
            scores = booster.predict(xgb.DMatrix(rows))
            return {"%2$s": scores.reshape(len(rows), -1).tolist()}
        """
        .formatted(ServingTensors.INPUT, ServingTensors.OUTPUT);
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

  /** The archive entries' time: when the model was created, so it is the same on every export. */
  private long archiveTime() {
    try {
      return Instant.parse(model.manifest().createdAt()).toEpochMilli();
    } catch (DateTimeParseException | NullPointerException e) {
      return 0L;
    }
  }

  /** A SageMaker resource name: letters, digits and hyphens, at most 63 characters. */
  static String awsName(String s) {
    String n = s.replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("-{2,}", "-");
    n = n.length() > 63 ? n.substring(0, 63) : n;
    return n.replaceAll("^-+|-+$", "");
  }

  /** An Azure ML endpoint or deployment name: starts with a letter, at most 32 characters. */
  static String azureName(String s) {
    String n = s.replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("-{2,}", "-").toLowerCase();
    if (n.isEmpty() || !Character.isLetter(n.charAt(0))) {
      n = "m-" + n;
    }
    n = n.length() > 32 ? n.substring(0, 32) : n;
    return n.replaceAll("-+$", "");
  }

  /** {@code s} as a double-quoted YAML/JSON string. */
  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Path> sorted(Map<String, Path> files) {
    return new TreeMap<>(files);
  }

  static Path writeJson(Path file, Object value) {
    try {
      return write(file, JSON.writeValueAsString(value) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path file, String text) {
    return write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
