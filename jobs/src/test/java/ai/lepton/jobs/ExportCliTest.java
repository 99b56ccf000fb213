package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.model.ModelFormat;
import ai.lepton.testing.TestModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lepton export} on local targets: report, summary, exit codes. */
class ExportCliTest {

  @TempDir Path dir;

  private Path config(Path model) throws Exception {
    Path conf = dir.resolve("export.conf");
    Files.writeString(
        conf,
        "lepton.export {\n  model = \""
            + model
            + "\"\n  targets = [\n"
            + "    { name = aws, type = sagemaker, uri = \""
            + dir.resolve("sagemaker")
            + "\", capacity = 2 }\n"
            + "    { name = azure, type = azureml, uri = \""
            + dir.resolve("azureml")
            + "\" }\n  ]\n}\n");
    return conf;
  }

  private Path model(String runId, boolean exportable) {
    Path model = dir.resolve("model-" + runId);
    TestModels.write(
        model,
        "churn",
        ModelFormat.ONNX,
        runId,
        Map.of("model.onnx", "graph".getBytes(StandardCharsets.UTF_8)),
        exportable ? null : TestModels.failedGate(),
        exportable);
    return model;
  }

  @Test
  void exportWritesTheReportAndSaysWhereEachArtifactIs() throws Exception {
    Path conf = config(model("r1", true));
    Path report = dir.resolve("report.json");

    Cli cli = Cli.run("export", "-c", conf.toString(), "--report", report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(Main.OK);
    assertThat(cli.out())
        .contains("Export ", "succeeded", "churn r1")
        .contains(dir.resolve("sagemaker/churn/r1/model.tar.gz").toString())
        .contains(dir.resolve("azureml/churn/r1/model.yml").toString())
        .contains("67% of traffic");
    JsonNode r = new ObjectMapper().readTree(report.toFile());
    assertThat(r.at("/job").asText()).isEqualTo("export");
    assertThat(r.at("/status").asText()).isEqualTo("succeeded");
    assertThat(r.at("/runId").asText()).isNotEmpty();
    assertThat(r.at("/model/name").asText()).isEqualTo("churn");
    assertThat(r.at("/model/version").asText()).isEqualTo("r1");
    assertThat(r.at("/targets/0/name").asText()).isEqualTo("aws");
    assertThat(r.at("/targets/0/type").asText()).isEqualTo("sagemaker");
    assertThat(r.at("/targets/0/uri").asText()).endsWith("sagemaker/churn/r1/");
    assertThat(r.at("/targets/0/files").asInt()).isEqualTo(3);
    assertThat(r.at("/targets/0/uploadedBytes").asLong()).isPositive();
    assertThat(r.at("/targets/0/verified").asBoolean()).isTrue();
    assertThat(r.at("/targets/1/type").asText()).isEqualTo("azureml");

    Cli again = Cli.run("export", "-c", conf.toString(), "--json");
    assertThat(again.exitCode()).isEqualTo(Main.OK);
    assertThat(new ObjectMapper().readTree(again.out()).at("/targets/1/uploadedBytes").asLong())
        .isZero();
  }

  @Test
  void aFailedGateExitsOneUnlessForced() throws Exception {
    Path conf = config(model("r2", false));

    Cli refused = Cli.run("export", "-c", conf.toString());
    assertThat(refused.exitCode()).isEqualTo(Main.GATE_FAILED);
    assertThat(refused.out()).contains("refused", "agreement 0.91 is below 0.99");
    assertThat(dir.resolve("sagemaker")).doesNotExist();

    Cli forced = Cli.run("export", "-c", conf.toString(), "--force");
    assertThat(forced.exitCode()).as(forced.err()).isEqualTo(Main.OK);
    assertThat(forced.out()).contains("forced");
  }

  @Test
  void badNameIsBadConfigAndAMissingModelIsARuntimeError() throws Exception {
    Path conf = config(model("r3", true));
    Cli bad = Cli.run("export", "-c", conf.toString(), "--set", "lepton.export.name=../evil");
    assertThat(bad.exitCode()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).contains("lepton.export.name is '../evil'");

    Cli missing =
        Cli.run(
            "export",
            "-c",
            conf.toString(),
            "--set",
            "lepton.export.model=" + dir.resolve("nowhere"));
    assertThat(missing.exitCode()).isEqualTo(Main.RUNTIME);
    assertThat(missing.err()).contains("There is no model at", "lepton-model.json is missing");
  }
}
