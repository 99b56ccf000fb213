package ai.lepton.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.internal.Checksums;
import ai.lepton.model.ModelException;
import ai.lepton.model.ModelFormat;
import ai.lepton.testing.Archives;
import ai.lepton.testing.TestModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export to local targets: every layout read back, manifests, idempotence, bad input. */
class ExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path tmp;

  private LeptonConfig config(Path model, String targets, String extra) {
    return LeptonConfig.parse(
        "lepton.export { model = \""
            + model
            + "\"\n targets = ["
            + targets
            + "]\n"
            + extra
            + "\n}");
  }

  private String target(String name, String type) {
    return "{ name = \"" + name + "\", type = \"" + type + "\", uri = \"" + out() + "\" }";
  }

  private Path out() {
    return tmp.resolve("serving");
  }

  private Path version(String name, String version) {
    return out().resolve(name).resolve(version);
  }

  private static Map<String, byte[]> files(String... pathsAndContents) {
    Map<String, byte[]> m = new java.util.TreeMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private Path onnxModel(String runId) {
    Path dir = tmp.resolve("onnx-" + runId);
    TestModels.write(dir, "churn", ModelFormat.ONNX, runId, files("model.onnx", "not a graph"));
    return dir;
  }

  private static float[] rows() {
    float[] x = new float[40 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.37);
    }
    return x;
  }

  private static float[][] predict(Booster booster) throws Exception {
    float[] x = rows();
    return booster.predict(new DMatrix(java.util.Arrays.copyOf(x, 5 * 4), 5, 4, Float.NaN));
  }

  private static Booster trainBooster() throws Exception {
    float[] x = rows();
    float[] y = new float[40];
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i * 4] + x[i * 4 + 1] > 0 ? 1f : 0f;
    }
    DMatrix train = new DMatrix(x, 40, 4, Float.NaN);
    train.setLabel(y);
    return XGBoost.train(
        train,
        Map.of("objective", "binary:logistic", "max_depth", 2, "nthread", 1, "seed", 1),
        5,
        Map.of(),
        null,
        null);
  }

  private static Map<String, byte[]> unpack(Path archive) throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      return Archives.unpack(in);
    }
  }

  /** A YAML file as read by a YAML parser (SnakeYAML, through Jackson). */
  private static JsonNode yaml(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  private static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @Test
  void sagemakerXgboostArchiveServesTheSamePredictions() throws Exception {
    Booster booster = trainBooster();
    Path model = tmp.resolve("xgb");
    TestModels.write(
        model,
        "churn",
        ModelFormat.XGBOOST,
        "run-1",
        Map.of("xgboost-model", booster.toByteArray()));

    ExportResult r = Lepton.export(config(model, target("aws", "sagemaker"), "")).execute();

    assertThat(r.status()).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(r.model().version()).isEqualTo("run-1");
    Path v = version("churn", "run-1");
    assertThat(tree(v))
        .containsExactly(
            "endpoint-config.json", "manifest.json", "model.tar.gz", "sagemaker-model.json");
    Map<String, byte[]> entries = unpack(v.resolve("model.tar.gz"));
    assertThat(entries.keySet()).containsExactly("xgboost-model");
    Booster loaded = XGBoost.loadModel(entries.get("xgboost-model"));
    assertThat(predict(loaded)).isDeepEqualTo(predict(booster));

    JsonNode createModel = JSON.readTree(v.resolve("sagemaker-model.json").toFile());
    assertThat(createModel.at("/ModelName").asText()).isEqualTo("churn-run-1");
    assertThat(createModel.at("/PrimaryContainer/Image").asText())
        .isEqualTo("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1");
    assertThat(createModel.at("/PrimaryContainer/ModelDataUrl").asText())
        .endsWith("churn/run-1/model.tar.gz");
    JsonNode endpoint = JSON.readTree(v.resolve("endpoint-config.json").toFile());
    assertThat(endpoint.at("/ProductionVariants/0/InstanceType").asText()).isEqualTo("ml.m5.large");
    assertThat(endpoint.at("/ProductionVariants/0/InitialInstanceCount").asInt()).isEqualTo(1);
    assertThat(r.notes()).anyMatch(n -> n.contains("role-arn")).anyMatch(n -> n.contains("S3"));

    JsonNode manifest = JSON.readTree(v.resolve("manifest.json").toFile());
    assertThat(manifest.at("/files/model.tar.gz/sha256").asText())
        .isEqualTo(Checksums.sha256Hex(Files.readAllBytes(v.resolve("model.tar.gz"))));
    assertThat(manifest.at("/lineage/inputTable").asText()).isEqualTo("/data/golden");
    assertThat(manifest.at("/lineage/inputVersion").asLong()).isEqualTo(3);
    assertThat(manifest.at("/lineage/runIds/trainRunId").asText()).isEqualTo("run-1");
    assertThat(manifest.at("/metrics/test/auc").asDouble()).isEqualTo(0.91);
    assertThat(manifest.at("/signature/inputs/0/dims/1").asInt()).isEqualTo(4);
    assertThat(manifest.at("/signature/inputs/0/name").asText()).isEqualTo("features");
    assertThat(manifest.at("/signature/outputs/0/name").asText()).isEqualTo("output");
    assertThat(manifest.at("/signature/encoded/1/mean").asDouble()).isEqualTo(40.0);
    assertThat(manifest.at("/signature/encoded/1/log").asBoolean()).isFalse();
    assertThat(manifest.at("/signature/encoded/2/offset").asInt()).isEqualTo(2);
    assertThat(manifest.at("/signature/encoded/2/categories").toString())
        .isEqualTo("[\"basic\",\"pro\"]");
    assertThat(manifest.at("/forced").asBoolean()).isFalse();
    assertThat(manifest.at("/leptonVersion").asText()).startsWith("0.");
    assertThat(Files.readString(out().resolve("churn/latest"))).isEqualTo("run-1\n");
  }

  @Test
  void onnxModelsGetTritonLayoutsOnSagemakerAzureMlAndTriton() throws Exception {
    Path model = onnxModel("run-2");
    String targets =
        String.join(
            ",",
            "{ name = aws, type = sagemaker, uri = \""
                + out().resolve("aws")
                + "\","
                + " sagemaker { region = eu-west-1, role-arn = \"arn:aws:iam::1:role/x\" } }",
            "{ name = azure, type = azureml, uri = \""
                + out().resolve("azure")
                + "\","
                + " azureml { endpoint-name = churn-ep } }",
            "{ name = triton, type = triton, uri = \"" + out().resolve("triton") + "\" }");

    ExportResult r = Lepton.export(config(model, targets, "")).execute();

    assertThat(r.targets()).extracting(ExportResult.Target::verified).containsOnly(true);
    Path aws = out().resolve("aws/churn/run-2");
    Map<String, byte[]> entries = unpack(aws.resolve("model.tar.gz"));
    assertThat(entries.keySet()).containsExactly("churn/1/model.onnx", "churn/config.pbtxt");
    String pbtxt = new String(entries.get("churn/config.pbtxt"), StandardCharsets.UTF_8);
    assertThat(pbtxt)
        .contains("name: \"churn\"", "platform: \"onnxruntime_onnx\"")
        .contains("name: \"features\"", "dims: [ -1, 4 ]")
        .contains("name: \"output\"", "dims: [ -1, 1 ]");
    JsonNode createModel = JSON.readTree(aws.resolve("sagemaker-model.json").toFile());
    assertThat(createModel.at("/PrimaryContainer/Image").asText())
        .isEqualTo("802834080501.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-tritonserver:24.09-py3");
    assertThat(
            createModel
                .at("/PrimaryContainer/Environment/SAGEMAKER_TRITON_DEFAULT_MODEL_NAME")
                .asText())
        .isEqualTo("churn");
    assertThat(createModel.at("/ExecutionRoleArn").asText()).isEqualTo("arn:aws:iam::1:role/x");

    Path azure = out().resolve("azure/churn/run-2");
    assertThat(tree(azure))
        .containsExactly(
            "deployment.yml",
            "manifest.json",
            "model.yml",
            "triton_model/churn/1/model.onnx",
            "triton_model/churn/config.pbtxt");
    JsonNode modelYml = yaml(azure.resolve("model.yml"));
    assertThat(modelYml.get("type").asText()).isEqualTo("triton_model");
    assertThat(modelYml.get("path").asText()).isEqualTo("triton_model");
    assertThat(modelYml.at("/tags/lepton-version").asText()).isEqualTo("run-2");
    assertThat(modelYml.has("version")).as("a run id is no Azure ML version").isFalse();
    JsonNode deployment = yaml(azure.resolve("deployment.yml"));
    assertThat(deployment.get("endpoint_name").asText()).isEqualTo("churn-ep");
    assertThat(deployment.get("model").asText()).isEqualTo("azureml:churn@latest");
    assertThat(deployment.has("environment")).isFalse();

    assertThat(tree(out().resolve("triton/churn/run-2")))
        .containsExactly("churn/1/model.onnx", "churn/config.pbtxt", "manifest.json");
    assertThat(r.routing()).extracting(ExportResult.Route::percent).containsExactly(34, 33, 33);
    assertThat(out().resolve("triton/churn/routing.json")).exists();
  }

  @Test
  void djlAndSparkMlModelsGetTheirLayouts() throws Exception {
    Path djl = tmp.resolve("djl");
    TestModels.write(
        djl, "mlp", ModelFormat.DJL, "run-3", files("mlp-0000.params", "w", "block.json", "{}"));
    ExportResult djlResult =
        Lepton.export(
                config(
                    djl,
                    target("aws", "sagemaker") + "," + target2("azure", "azureml"),
                    "version = \"7\""))
            .execute();
    Map<String, byte[]> djlEntries = unpack(version("mlp", "7").resolve("model.tar.gz"));
    assertThat(djlEntries.keySet())
        .containsExactly("block.json", "mlp-0000.params", "serving.properties");
    assertThat(new String(djlEntries.get("serving.properties"), StandardCharsets.UTF_8))
        .contains("engine=PyTorch", "option.modelName=mlp");
    Path azure = tmp.resolve("serving2/mlp/7");
    JsonNode mlpModel = yaml(azure.resolve("model.yml"));
    assertThat(mlpModel.get("version").isInt()).as("a whole-number version").isTrue();
    assertThat(mlpModel.get("version").asInt()).isEqualTo(7);
    assertThat(mlpModel.get("type").asText()).isEqualTo("custom_model");
    assertThat(mlpModel.get("path").asText()).isEqualTo("custom_model");
    assertThat(mlpModel.get("$schema").asText())
        .isEqualTo("https://azuremlschemas.azureedge.net/latest/model.schema.json");
    JsonNode mlpDeployment = yaml(azure.resolve("deployment.yml"));
    assertThat(mlpDeployment.get("model").asText()).isEqualTo("azureml:mlp:7");
    assertThat(mlpDeployment.get("environment").asText()).isNotBlank();
    assertThat(mlpDeployment.at("/code_configuration/scoring_script").asText())
        .isEqualTo("score.py");
    assertThat(mlpDeployment.at("/code_configuration/code").asText()).isEqualTo("score");
    assertThat(djlResult.notes()).anyMatch(n -> n.contains("scoring script at score/score.py"));
    assertThat(tree(azure))
        .containsExactly(
            "custom_model/block.json",
            "custom_model/mlp-0000.params",
            "custom_model/serving.properties",
            "deployment.yml",
            "manifest.json",
            "model.yml");

    Path spark = tmp.resolve("spark");
    TestModels.write(
        spark,
        "lr",
        ModelFormat.SPARK_ML,
        "run-4",
        files("metadata/part-00000", "{}", "stages/0_lr/data/part-0.parquet", "p"));
    ExportResult r = Lepton.export(config(spark, target("aws", "sagemaker"), "")).execute();
    assertThat(unpack(version("lr", "run-4").resolve("model.tar.gz")).keySet())
        .containsExactly(
            "lepton-model.json",
            "sparkml/metadata/part-00000",
            "sparkml/stages/0_lr/data/part-0.parquet");
    assertThat(r.notes()).anyMatch(n -> n.contains("no public SageMaker image serves"));
  }

  private String target2(String name, String type) {
    return "{ name = \""
        + name
        + "\", type = \""
        + type
        + "\", uri = \""
        + tmp.resolve("serving2")
        + "\" }";
  }

  @Test
  void reExportingTheSameModelUploadsNothingAndSaysSo() throws Exception {
    Path model = onnxModel("run-5");
    LeptonConfig config =
        config(model, target("aws", "sagemaker") + "," + target2("local", "local"), "");
    ExportResult first = Lepton.export(config).execute();
    assertThat(first.targets()).allMatch(t -> t.uploadedBytes() > 0 && !t.upToDate());
    String manifest = Files.readString(version("churn", "run-5").resolve("manifest.json"));

    ExportResult again = Lepton.export(config).execute();

    assertThat(again.targets()).allMatch(t -> t.uploadedBytes() == 0 && t.upToDate());
    assertThat(again.message()).contains("already published", "nothing uploaded");
    assertThat(Files.readString(version("churn", "run-5").resolve("manifest.json")))
        .isEqualTo(manifest);
  }

  @Test
  void aKilledExportLeavesNoManifestAndTheRerunCompletesIt() throws Exception {
    LeptonConfig v1 = config(onnxModel("run-6"), target("triton", "triton"), "");
    Lepton.export(v1).execute();
    Path model = onnxModel("run-7");
    LeptonConfig v2 = config(model, target("triton", "triton"), "");
    List<String> uploads = new ArrayList<>();

    assertThatThrownBy(
            () ->
                Lepton.export(v2)
                    .onUpload(
                        uri -> {
                          uploads.add(uri);
                          throw new IllegalStateException("killed after " + uri);
                        })
                    .execute())
        .hasMessageContaining("killed after");

    assertThat(uploads).hasSize(1);
    assertThat(version("churn", "run-7").resolve("manifest.json")).doesNotExist();
    assertThat(Files.readString(out().resolve("churn/latest"))).isEqualTo("run-6\n");

    ExportResult rerun = Lepton.export(v2).execute();
    assertThat(rerun.targets().get(0).filesUploaded()).isEqualTo(1);
    assertThat(version("churn", "run-7").resolve("manifest.json")).exists();
    assertThat(Files.readString(out().resolve("churn/latest"))).isEqualTo("run-7\n");
  }

  @Test
  void aFailedGateIsRefusedUnlessForcedAndTheManifestSaysForced() throws Exception {
    Path model = tmp.resolve("gated");
    TestModels.write(
        model,
        "churn",
        ModelFormat.ONNX,
        "run-8",
        files("model.onnx", "g"),
        TestModels.failedGate(),
        false);
    LeptonConfig config = config(model, target("local", "local"), "");

    ExportResult refused = Lepton.export(config).execute();
    assertThat(refused.status()).isEqualTo(JobResult.Status.REFUSED);
    assertThat(refused.message()).contains("agreement 0.91 is below 0.99", "--force");
    assertThat(out()).doesNotExist();

    ExportResult forced = Lepton.export(config).force(true).execute();
    assertThat(forced.succeeded()).isTrue();
    assertThat(forced.model().forced()).isTrue();
    JsonNode manifest = JSON.readTree(version("churn", "run-8").resolve("manifest.json").toFile());
    assertThat(manifest.at("/forced").asBoolean()).isTrue();
    assertThat(manifest.at("/gate/reason").asText()).isEqualTo("agreement 0.91 is below 0.99");
  }

  @Test
  void theFp32BaselineOfAGateFailedModelIsPublishedWhenOnlyFp32IsAsked() throws Exception {
    Path model = tmp.resolve("quantized");
    TestModels.quantized(
        model,
        "run-f",
        "int8".getBytes(StandardCharsets.UTF_8),
        "fp32".getBytes(StandardCharsets.UTF_8),
        TestModels.failedGate(),
        false);
    String triton = "{ name = t, type = triton, uri = \"" + out() + "\"";

    ExportResult refused = Lepton.export(config(model, triton + " }", "")).execute();
    assertThat(refused.status()).isEqualTo(JobResult.Status.REFUSED);

    ExportResult fp32 =
        Lepton.export(config(model, triton + ", onnx-forms = [fp32] }", "")).execute();
    assertThat(fp32.succeeded()).isTrue();
    assertThat(fp32.model().forced()).isFalse();
    Path v = version("churn", "run-f");
    assertThat(tree(v))
        .containsExactly("churn/1/model.onnx", "churn/config.pbtxt", "manifest.json");
    assertThat(Files.readString(v.resolve("churn/1/model.onnx"))).isEqualTo("fp32");

    assertThatThrownBy(
            () -> Lepton.export(config(model, triton + ", onnx-forms = [fp16] }", "")).execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.export.targets[0].onnx-forms is [fp16]: list \"int8\"");

    Path older = tmp.resolve("older");
    TestModels.quantized(older, "run-o", "int8".getBytes(StandardCharsets.UTF_8), null, null, true);
    assertThatThrownBy(
            () -> Lepton.export(config(older, triton + ", onnx-forms = [fp32] }", "")).execute())
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("lepton.export.targets[0].onnx-forms asks for the fp32 form")
        .hasMessageContaining("has no model/model-fp32.onnx");
  }

  @Test
  void namesAndVersionsWithPathSeparatorsAreRefused() {
    Path model = onnxModel("run-9");
    for (String bad : List.of("../x", "a/b", "..", "a\\\\b")) {
      assertThatThrownBy(
              () ->
                  Lepton.export(config(model, target("l", "local"), "name = \"" + bad + "\""))
                      .execute())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("lepton.export.name")
          .hasMessageContaining("may not contain path separators, '..'");
    }
    assertThatThrownBy(
            () ->
                Lepton.export(config(model, target("l", "local"), "version = \"v1/../../etc\""))
                    .execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.export.version is 'v1/../../etc'");
    assertThat(out()).doesNotExist();
  }

  @Test
  void aTargetOnAnUnknownStoreIsRefusedBeforeAnyUpload() {
    Path model = onnxModel("run-10");
    String targets =
        target("l", "local") + ", { name = g, type = triton, uri = \"gs://bucket/models\" }";
    assertThatThrownBy(() -> Lepton.export(config(model, targets, "")).execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.export.targets[1].uri")
        .hasMessageContaining("scheme 'gs' is not supported");
    assertThat(out()).doesNotExist();
  }

  @Test
  void aTamperedModelFileIsRefusedAndNothingIsPublished() throws Exception {
    Path model = onnxModel("run-11");
    Files.writeString(model.resolve("model/model.onnx"), "tampered");
    assertThatThrownBy(() -> Lepton.export(config(model, target("l", "local"), "")).execute())
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("model/model.onnx")
        .hasMessageContaining("does not match");
    Files.writeString(model.resolve("model/extra.bin"), "x");
    assertThatThrownBy(() -> Lepton.export(config(model, target("l", "local"), "")).execute())
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("does not name: [model/extra.bin]");
    assertThat(out()).doesNotExist();
  }

  @Test
  void aTritonTargetRefusesANonOnnxModelBeforeUploading() {
    Path model = tmp.resolve("xgb-for-triton");
    TestModels.write(model, "churn", ModelFormat.XGBOOST, "run-12", files("xgboost-model", "b"));
    String targets = target("l", "local") + "," + target2("t", "triton");
    assertThatThrownBy(() -> Lepton.export(config(model, targets, "")).execute())
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("a triton target serves ONNX models");
    assertThat(out()).doesNotExist();
  }

  @Test
  void unknownKeysInATargetNameTheNearestKey() {
    assertThatThrownBy(
            () ->
                LeptonConfig.parse(
                    "lepton.export.targets = [ { name = a, type = local, uri = x,"
                        + " sagemaker { regoin = eu-west-1 } } ]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key lepton.export.targets[0].sagemaker.regoin")
        .hasMessageContaining("Did you mean lepton.export.targets[0].sagemaker.region?");
  }

  @Test
  void routingWeightsFollowCapacityOverLatencyTimesCost() {
    ExportTarget a = routed("a", 2, 50, 1);
    ExportTarget b = routed("b", 1, 100, 2);
    List<ExportResult.Route> routes = Routing.weights(List.of(a, b));
    assertThat(routes).extracting(ExportResult.Route::weight).containsExactly(0.888889, 0.111111);
    assertThat(routes).extracting(ExportResult.Route::percent).containsExactly(89, 11);
  }

  private static ExportTarget routed(String name, double capacity, double latency, double cost) {
    return TrafficFilesTest.target(name, TargetType.LOCAL, capacity, latency, cost);
  }

  @Test
  void aStagingFileThatCannotBeWrittenIsAnExportErrorWithTheFixNotAJdkException()
      throws IOException {
    Path notAFolder = Files.writeString(tmp.resolve("plain-file"), "x");
    Path file = notAFolder.resolve("model/config.pbtxt");

    assertThatThrownBy(() -> LayoutFiles.write(file, "text"))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("Cannot write " + file + ": ")
        .hasMessageEndingWith(
            "Check that the temporary folder (java.io.tmpdir) is writable and its disk is not"
                + " full.")
        .hasMessageNotContaining("Exception");
  }
}
