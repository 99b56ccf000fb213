package ai.lepton.export;

import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.ServingTensors;
import ai.lepton.storage.Location;
import ai.lepton.storage.StoreType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Azure ML target: the payload under {@code triton_model/} (ONNX) or {@code custom_model/}, the
 * CLI v2 files {@code model.yml} and {@code deployment.yml}, and for XGBoost a scoring script
 * {@code score/score.py}.
 */
final class AzureMlLayout {

  private static final String MODEL_SCHEMA =
      "https://azuremlschemas.azureedge.net/latest/model.schema.json";
  private static final String DEPLOYMENT_SCHEMA =
      "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json";

  /** The managed online endpoint's schema, for the traffic files. */
  static final String ENDPOINT_SCHEMA =
      "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json";

  private final SourceModel model;

  AzureMlLayout(SourceModel model) {
    this.model = model;
  }

  StagedTarget stage(ExportTarget t, Map<String, Path> payload, Path out) {
    boolean triton = model.manifest().format() == ModelFormat.ONNX;
    String folder = triton ? "triton_model" : "custom_model";
    List<String> notes = new ArrayList<>();
    Map<String, Path> files = new TreeMap<>();
    payload.forEach((rel, path) -> files.put(folder + "/" + rel, path));
    if (model.manifest().format() == ModelFormat.XGBOOST) {
      files.put(
          "score/score.py", LayoutFiles.write(out.resolve("score/score.py"), xgboostScoring()));
    } else if (!triton) {
      notes.add(
          "deployment.yml expects a scoring script at score/score.py beside it: Azure ML has no"
              + " built-in server for "
              + model.manifest().format().id()
              + " models, so write one that loads custom_model/");
    }
    if (!numericVersion()) {
      notes.add(
          "Azure ML model versions are whole numbers, so model.yml leaves version "
              + model.version()
              + " to its tag lepton-version and deployment.yml deploys the model's latest version;"
              + " set lepton.export.version to a number to pin it");
    }
    files.put(
        "model.yml", LayoutFiles.writeYaml(out.resolve("model.yml"), modelYaml(t, folder, triton)));
    files.put(
        "deployment.yml",
        LayoutFiles.writeYaml(out.resolve("deployment.yml"), deploymentYaml(t, triton)));
    return new StagedTarget(t, files, "model.yml", notes);
  }

  /**
   * Azure ML model versions are whole numbers: a numeric version is used as is; any other (e.g. a
   * run id) is left out of model.yml, so Azure ML numbers the model itself, and kept as the tag
   * {@code lepton-version}; the deployment then names the model's latest version.
   */
  private boolean numericVersion() {
    return model.version().matches("[1-9][0-9]{0,8}");
  }

  private Map<String, Object> modelYaml(ExportTarget t, String folder, boolean triton) {
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
    Map<String, Object> y = new LinkedHashMap<>();
    y.put("$schema", MODEL_SCHEMA);
    y.put("name", model.name());
    if (numericVersion()) {
      y.put("version", Integer.parseInt(model.version()));
    }
    y.put("type", triton ? "triton_model" : "custom_model");
    y.put("path", path);
    y.put("description", m.algorithm() + " model exported by Lepton");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("lepton-format", m.format().id());
    tags.put("lepton-version", model.version());
    tags.put("lepton-model-run", String.valueOf(m.runId()));
    y.put("tags", tags);
    return y;
  }

  private Map<String, Object> deploymentYaml(ExportTarget t, boolean triton) {
    ExportTarget.AzureMl az = t.azureml();
    Map<String, Object> y = new LinkedHashMap<>();
    y.put("$schema", DEPLOYMENT_SCHEMA);
    y.put("name", azureName("v-" + model.version()));
    y.put(
        "endpoint_name", az.endpointName().isEmpty() ? azureName(model.name()) : az.endpointName());
    y.put(
        "model",
        "azureml:" + model.name() + (numericVersion() ? ":" + model.version() : "@latest"));
    y.put("instance_type", az.instanceType());
    y.put("instance_count", az.instanceCount());
    if (!triton) {
      y.put("environment", az.environment());
      Map<String, Object> code = new LinkedHashMap<>();
      code.put("code", "score");
      code.put("scoring_script", "score.py");
      y.put("code_configuration", code);
    }
    return y;
  }

  /** The scoring script for an XGBoost model, with the serving tensors' names. */
  private static String xgboostScoring() {
    return LayoutFiles.resource("azureml-xgboost-score.py")
        .replace("__INPUT__", ServingTensors.INPUT)
        .replace("__OUTPUT__", ServingTensors.OUTPUT);
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
}
