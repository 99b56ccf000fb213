package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.quantize.QuantizeFixtures;
import ai.lepton.testing.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeCliIT {

  @TempDir Path dir;

  @Test
  void aTinyCalibrationRangeFailsTheGateWithExit1AndTheModelIsNotExportable() throws Exception {
    QuantizeFixtures.Fixture f =
        QuantizeFixtures.build(
            TestSpark.session(), dir.resolve("data"), 2000, 2, "mlp", new int[] {96, 48}, 5);
    Path out = dir.resolve("out");
    Path conf = dir.resolve("quantize.conf");
    Files.writeString(
        conf,
        "lepton.quantize {\n  model = \""
            + f.modelDir()
            + "\"\n  output = \""
            + out
            + "\"\n  forms = [qdq]\n"
            + "  calibration { method = percentile, percentile = 1 }\n}\n");
    Path report = dir.resolve("report.json");

    Cli cli = Cli.run("quantize", "-c", conf.toString(), "--report", report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
    assertThat(cli.out()).contains("gate FAILED").contains("agreement").contains("NOT exportable");
    JsonNode r = new ObjectMapper().readTree(report.toFile());
    assertThat(r.get("job").asText()).isEqualTo("quantize");
    assertThat(r.get("status").asText()).isEqualTo("failed");
    assertThat(r.get("form").asText()).isEqualTo("qdq");
    assertThat(r.get("gate").get("passed").asBoolean()).isFalse();
    assertThat(r.get("gate").get("agreement").asDouble()).isLessThan(0.99);
    assertThat(r.get("model").get("uri").asText()).isEqualTo(out.toString());
    ModelManifest m = ModelDirectory.verifyLocal(out);
    assertThat(m.exportable()).isFalse();
    assertThat(m.gate().passed()).isFalse();
    assertThat(m.gate().forced()).isFalse();
    assertThat(m.gate().reason()).contains("agreement");

    Cli forced =
        Cli.run(
            "quantize",
            "-c",
            conf.toString(),
            "--force",
            "--set",
            "lepton.quantize.gate.timing-ms=50");
    assertThat(forced.exitCode()).isEqualTo(1);
    ModelManifest mf = ModelDirectory.verifyLocal(out);
    assertThat(mf.exportable()).isTrue();
    assertThat(mf.gate().forced()).isTrue();
  }

  @Test
  void whenAllInt8FailsTheCliKeepsTheSensitiveLayerFp32AndShowsTheSearch() throws Exception {
    QuantizeFixtures.Fixture f = QuantizeFixtures.sharedBinaryMlp(TestSpark.session());
    Path model =
        QuantizeFixtures.writeDjlModel(
            f, QuantizeFixtures.withHugeOutputWeights(f.network()), dir.resolve("sensitive"));
    Path out = dir.resolve("mixed");
    Path report = dir.resolve("mixed.json");

    Cli cli =
        Cli.run(
            "quantize",
            "--set",
            "lepton.quantize.model=" + model,
            "--set",
            "lepton.quantize.output=" + out,
            "--report",
            report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(0);
    assertThat(cli.out())
        .contains("mixed precision passed with [layer2] fp32")
        .contains("step 0 fp32 [none]")
        .contains("step 1 fp32 [layer2]");
    JsonNode mixed = new ObjectMapper().readTree(report.toFile()).get("mixed");
    assertThat(mixed.get("passed").asBoolean()).isTrue();
    assertThat(mixed.get("fp32Layers").toString()).isEqualTo("[\"layer2\"]");
    ModelManifest m = ModelDirectory.verifyLocal(out);
    assertThat(m.exportable()).isTrue();
    assertThat(m.quantization()).containsEntry("fp32Layers", java.util.List.of("layer2"));
  }

  @Test
  void aMissingModelKeyIsBadConfig() {
    Cli cli = Cli.run("quantize", "--set", "lepton.quantize.forms=[qdq]");
    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("lepton.quantize.model is not set");
  }
}
