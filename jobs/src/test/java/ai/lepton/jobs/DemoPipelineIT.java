package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.testing.Archives;
import ai.lepton.testing.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton demo} runs the whole pipeline once (reconcile, djl.mlp, int8 with the gate, export
 * to a SageMaker and an Azure ML layout); then every config it wrote runs as is, and a pipeline
 * whose quantize gate fails stops there with exit 1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path work;
  static Cli demo;
  static JsonNode report;

  @BeforeAll
  static void runTheDemo() throws Exception {
    TestSpark.session();
    work = dir.resolve("demo");
    Path reportFile = dir.resolve("demo-report.json");
    demo =
        Cli.run(
            "demo",
            "--rows",
            "2000",
            "--workdir",
            work.toString(),
            "--report",
            reportFile.toString());
    report = JSON.readTree(reportFile.toFile());
  }

  @Test
  @Order(1)
  void theDemoRunsEveryStepAndPublishesBothLayouts() throws Exception {
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("matches the generator's ground truth")
        .contains("djl.mlp on ")
        .contains("gate passed")
        .contains("every SHA-256 verified");
    assertThat(report.get("job").asText()).isEqualTo("pipeline");
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("steps"))
        .extracting(s -> s.get("job").asText())
        .containsExactly("reconcile", "train", "quantize", "export");
    JsonNode train = report.at("/steps/1");
    JsonNode quantize = report.at("/steps/2");
    JsonNode export = report.at("/steps/3");
    assertThat(train.at("/input/version").asLong())
        .isEqualTo(report.at("/steps/0/golden/version").asLong());
    assertThat(quantize.get("form").asText()).isIn("qdq", "dynamic");
    assertThat(quantize.at("/gate/passed").asBoolean()).isTrue();
    assertThat(quantize.at("/gate/sizeRatio").asDouble()).isGreaterThan(3.0);
    assertThat(export.at("/model/source").asText()).isEqualTo(quantize.at("/model/uri").asText());
    for (String f : new String[] {"reconcile", "train", "quantize", "export", "pipeline"}) {
      assertThat(work.resolve(f + ".conf")).exists();
    }
    Path serving = work.resolve("serving");
    try (Stream<Path> files = Files.walk(serving)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("model.tar.gz", "sagemaker-model.json", "model.yml", "deployment.yml")
          .contains("latest", "routing.json");
    }
  }

  @Test
  @Order(1)
  void theExportedOnnxModelScoresAsTheQuantizedModelDoes() throws Exception {
    JsonNode export = report.at("/steps/3");
    JsonNode aws = export.get("targets").get(0);
    assertThat(aws.get("type").asText()).isEqualTo("sagemaker");
    String name = export.at("/model/name").asText();
    Map<String, byte[]> archive;
    try (InputStream in = Files.newInputStream(Path.of(aws.get("artifact").asText()))) {
      archive = Archives.unpack(in);
    }
    assertThat(archive.keySet())
        .containsExactlyInAnyOrder(name + "/config.pbtxt", name + "/1/model.onnx");
    Path quantized = Path.of(report.at("/steps/2/model/uri").asText());
    ModelManifest m = ModelDirectory.verifyLocal(quantized);
    byte[] built = Files.readAllBytes(quantized.resolve("model/model.onnx"));
    float[][] rows = new float[5][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = m.features().encode(Map.of("balance", i * 250.0, "country", "DE"));
    }
    float[][] before = OnnxPredictor.of(built).predict(rows);
    float[][] served = OnnxPredictor.of(archive.get(name + "/1/model.onnx")).predict(rows);
    assertThat(served).isDeepEqualTo(before);
  }

  @Test
  @Order(2)
  void reconcileAndExportConfigsRunAsIsAndChangeNothing() throws Exception {
    Cli reconcile = Cli.run("reconcile", "-c", work.resolve("reconcile.conf").toString());
    assertThat(reconcile.exitCode()).as(reconcile.err()).isZero();
    assertThat(reconcile.out()).contains("no change");

    Cli export = Cli.run("export", "-c", work.resolve("export.conf").toString(), "--json");
    assertThat(export.exitCode()).as(export.err()).isZero();
    JsonNode r = JSON.readTree(export.out());
    assertThat(r.get("targets")).hasSize(2);
    for (JsonNode t : r.get("targets")) {
      assertThat(t.get("uploadedBytes").asLong()).as(t.get("name").asText()).isZero();
      assertThat(t.get("upToDate").asBoolean()).isTrue();
    }
  }

  @Test
  @Order(3)
  void quantizeConfRunsAsIsAndTrainConfTakesAnotherAlgorithm() throws Exception {
    Cli quantize = Cli.run("quantize", "-c", work.resolve("quantize.conf").toString(), "--json");
    assertThat(quantize.exitCode()).as(quantize.err()).isZero();
    assertThat(JSON.readTree(quantize.out()).at("/gate/passed").asBoolean()).isTrue();

    Path trainConf = work.resolve("train.conf");
    Cli xgb =
        Cli.run(
            "train",
            "-c",
            trainConf.toString(),
            "--set",
            "lepton.train.algorithm=xgboost",
            "--set",
            "lepton.train.xgboost.num-workers=1",
            "--json");
    assertThat(xgb.exitCode()).as(xgb.err()).isZero();
    JsonNode r = JSON.readTree(xgb.out());
    assertThat(r.get("algorithm").asText()).isEqualTo("xgboost");
    assertThat(r.at("/input/table").asText()).endsWith(DemoConfig.GOLDEN);
    assertThat(r.at("/metrics/test/auc").asDouble()).isGreaterThan(0.8);
    assertThat(Path.of(r.at("/model/uri").asText(), "model", "xgboost-model")).exists();

    Cli runs = Cli.run("runs", "-c", trainConf.toString(), "--json");
    assertThat(runs.exitCode()).as(runs.err()).isZero();
    JsonNode listed = JSON.readTree(runs.out()).get("runs");
    assertThat(listed)
        .extracting(n -> n.get("job").asText())
        .contains("pipeline", "reconcile", "train", "quantize", "export");
    assertThat(listed.get(0).get("runId").asText()).isEqualTo(r.get("runId").asText());
  }

  @Test
  @Order(4)
  void aFailedQuantizeGateStopsThePipelineWithExitOne() throws Exception {
    Path reportFile = dir.resolve("failed-pipeline.json");
    long servedBefore;
    try (Stream<Path> files = Files.walk(work.resolve("serving"))) {
      servedBefore = files.count();
    }
    Cli pipeline =
        Cli.run(
            "pipeline",
            "-c",
            work.resolve("pipeline.conf").toString(),
            "--set",
            "lepton.train.algorithm=mllib.logistic-regression",
            "--set",
            "lepton.quantize.calibration.method=percentile",
            "--set",
            "lepton.quantize.calibration.percentile=1",
            "--report",
            reportFile.toString());

    assertThat(pipeline.exitCode()).as(pipeline.err()).isEqualTo(Main.GATE_FAILED);
    assertThat(pipeline.out()).contains("stopped at quantize");
    JsonNode r = JSON.readTree(reportFile.toFile());
    assertThat(r.get("status").asText()).isEqualTo("failed");
    assertThat(r.get("failedStep").asText()).isEqualTo("quantize");
    assertThat(r.get("reason").asText()).contains("verification gate failed");
    assertThat(r.get("steps")).hasSize(3);
    assertThat(r.at("/steps/2/model/exportable").asBoolean()).isFalse();
    try (Stream<Path> files = Files.walk(work.resolve("serving"))) {
      assertThat(files.count()).as("nothing exported").isEqualTo(servedBefore);
    }
  }
}
