package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.lepton.demo.DemoDataset;
import ai.lepton.gpu.RapidsJar;
import ai.lepton.testing.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lepton gpu-check with the RAPIDS jar the lib build copies into lib/target/rapids. */
class GpuCheckCliIT {

  private static String jar;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    assumeFalse(Boolean.getBoolean("lepton.it.rapids-skip"), "built with -Drapids.skip=true");
    jar = System.getProperty("lepton.it.rapids-jar");
    TestSpark.session();
  }

  private Path demoConf() throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 100, 5);
    Path conf = dir.resolve("reconcile.conf");
    Files.writeString(conf, DemoConfig.render(demo, dir));
    return conf;
  }

  @Test
  void gpuCheckReportsCoveragePerPhaseAndFailsOnFallbackWhenAsked() throws IOException {
    Path conf = demoConf();
    Path report = dir.resolve("gpu.json");

    Cli cli =
        Cli.run(
            "gpu-check", "-c", conf.toString(), "--rapids-jar", jar, "--report", report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("GPU check of reconcile done").contains("match keys");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("job").asText()).isEqualTo("gpu-check");
    assertThat(json.path("status").asText()).isEqualTo("succeeded");
    assertThat(json.path("coverage").asDouble()).isBetween(0.8, 0.95);
    JsonNode first = json.path("phases").get(0);
    assertThat(first.path("name").asText()).isEqualTo("read aws");
    assertThat(first.path("fallbacks").get(0).path("operator").asText()).isNotBlank();
    assertThat(first.path("fallbacks").get(0).path("reason").asText()).isNotBlank();

    Cli strict =
        Cli.run("gpu-check", "-c", conf.toString(), "--rapids-jar", jar, "--fail-on-fallback");
    assertThat(strict.exitCode()).isEqualTo(Main.GATE_FAILED);
  }

  @Test
  void aMissingJarIsBadConfigThatSaysHowToFetchIt() throws IOException {
    Cli cli =
        Cli.run(
            "gpu-check",
            "-c",
            demoConf().toString(),
            "--rapids-jar",
            dir.resolve("nope.jar").toString());

    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("nope.jar").contains(RapidsJar.FETCH_COMMAND);
  }
}
