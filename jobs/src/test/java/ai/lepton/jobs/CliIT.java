package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.demo.DemoDataset;
import ai.lepton.testing.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliIT {

  @TempDir Path dir;

  @BeforeAll
  static void shareTheTestSession() {
    TestSpark.session();
  }

  private Path demoConf(long rows, String extra) throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), rows, 21);
    Path conf = dir.resolve("reconcile.conf");
    Files.writeString(conf, DemoConfig.render(demo, dir) + extra);
    return conf;
  }

  @Test
  void reconcileWritesTheReportAndExitsZero() throws IOException {
    Path conf = demoConf(400, "");
    Path report = dir.resolve("out/report.json");
    Cli cli = Cli.run("reconcile", "-c", conf.toString(), "--report", report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("succeeded").contains("keys").contains("golden");
    assertThat(cli.err()).contains("[reconcile] reading aws");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("job").asText()).isEqualTo("reconcile");
    assertThat(json.path("status").asText()).isEqualTo("succeeded");
    assertThat(json.path("runId").asText()).isNotBlank();
    assertThat(json.path("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(json.path("sources").get(0).path("name").asText()).isEqualTo("aws");
    assertThat(json.path("sources").get(0).path("rowsRead").asLong()).isPositive();
    assertThat(json.path("counts").path("missing").path("azure").isNumber()).isTrue();
    assertThat(json.path("golden").path("version").asLong()).isZero();
    assertThat(json.path("golden").path("rows").asLong())
        .isEqualTo(json.path("counts").path("keys").asLong());
    assertThat(json.path("quarantine").path("rows").asLong()).isEqualTo(10);
    assertThat(json.path("discrepancies").path("uri").asText()).endsWith(DemoConfig.DISCREPANCIES);

    Cli again = Cli.run("reconcile", "-c", conf.toString(), "--json");
    assertThat(again.exitCode()).isZero();
    JsonNode printed = new ObjectMapper().readTree(again.out());
    assertThat(printed.path("golden").path("committed").asBoolean()).isFalse();
    assertThat(printed.path("golden").path("version").asLong()).isZero();
  }

  @Test
  void failedGateExitsOne() throws IOException {
    Path conf = demoConf(400, "");
    Cli cli =
        Cli.run(
            "reconcile", "-c", conf.toString(), "--set", "lepton.reconcile.max-conflict-ratio=0");
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(Main.GATE_FAILED);
    assertThat(cli.out()).contains("GATE FAILED");
  }

  @Test
  void unreadableSourceExitsThreeAndNamesTheSource() throws IOException {
    Path conf = demoConf(50, "");
    Path report = dir.resolve("failed.json");
    Cli cli =
        Cli.run(
            "reconcile",
            "-c",
            conf.toString(),
            "--set",
            "lepton.reconcile.sources=[{name=aws,uri=\""
                + dir.resolve("nowhere")
                + "\",format=csv},"
                + "{name=azure,uri=\""
                + dir.resolve("data/azure/accounts")
                + "\",format=json}]",
            "--report",
            report.toString());
    assertThat(cli.exitCode()).isEqualTo(Main.RUNTIME);
    assertThat(cli.err()).contains("Cannot read source 'aws'").contains("nowhere");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("status").asText()).isEqualTo("failed");
    assertThat(json.path("error").asText()).contains("Cannot read source 'aws'");
  }
}
