package ai.lepton.export;

import ai.lepton.model.ModelFormat;
import ai.lepton.storage.Location;
import ai.lepton.storage.StoreType;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SageMaker target: the payload as {@code model.tar.gz}, plus the bodies of SageMaker's
 * CreateModel ({@code sagemaker-model.json}) and CreateEndpointConfig ({@code
 * endpoint-config.json}).
 */
final class SageMakerLayout {

  private final SourceModel model;

  SageMakerLayout(SourceModel model) {
    this.model = model;
  }

  StagedTarget stage(ExportTarget t, Map<String, Path> payload, Path out) {
    List<String> notes = new ArrayList<>();
    Path archive = out.resolve("model.tar.gz");
    TarGz.write(archive, payload, archiveTime());
    String modelName = awsName(model.name() + "-" + model.version());
    String image = image(t, notes);
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
    container.put("Environment", environment());
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
    files.put(
        "sagemaker-model.json",
        LayoutFiles.writeJson(out.resolve("sagemaker-model.json"), createModel));
    files.put(
        "endpoint-config.json",
        LayoutFiles.writeJson(out.resolve("endpoint-config.json"), endpointConfig));
    return new StagedTarget(t, files, "model.tar.gz", notes);
  }

  private String image(ExportTarget t, List<String> notes) {
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

  private Map<String, String> environment() {
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
}
