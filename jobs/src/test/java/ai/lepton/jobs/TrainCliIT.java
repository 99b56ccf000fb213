package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCliIT {

  @TempDir Path dir;

  @Test
  void demoTrainsAndItsTrainConfRunsAsIsWithAnotherAlgorithm() throws Exception {
    Path work = dir.resolve("demo");
    Cli demo = Cli.run("demo", "--rows", "400", "--workdir", work.toString());
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("Train ")
        .contains("mllib.logistic-regression on ")
        .contains("train -c ");
    assertThat(demo.err()).contains("[train] training mllib.logistic-regression");
    Path trainConf = work.resolve("train.conf");
    assertThat(trainConf).exists();

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
    JsonNode report = new ObjectMapper().readTree(xgb.out());
    assertThat(report.get("job").asText()).isEqualTo("train");
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("algorithm").asText()).isEqualTo("xgboost");
    assertThat(report.at("/input/version").asLong()).isZero();
    assertThat(report.at("/input/table").asText()).endsWith(DemoConfig.GOLDEN);
    assertThat(report.at("/metrics/test/accuracy").asDouble()).isGreaterThan(0.8);
    assertThat(report.at("/model/uri").asText()).endsWith(report.get("runId").asText());
    assertThat(report.get("durationMs").asLong()).isPositive();
    assertThat(Path.of(report.at("/model/uri").asText(), "model", "xgboost-model")).exists();

    Cli runs = Cli.run("runs", "-c", trainConf.toString(), "--last", "5");
    assertThat(runs.exitCode()).as(runs.err()).isZero();
    assertThat(runs.out())
        .contains(report.get("runId").asText())
        .contains("reconcile")
        .contains("3 runs from");

    Cli json = Cli.run("runs", "-c", trainConf.toString(), "--job", "train", "--json");
    JsonNode listed = new ObjectMapper().readTree(json.out());
    assertThat(listed.get("runs")).hasSize(2);
    assertThat(listed.at("/runs/0/runId").asText()).isEqualTo(report.get("runId").asText());
    assertThat(listed.at("/runs/0/inputs").toString()).contains(DemoConfig.GOLDEN);
  }

  @Test
  void badTrainConfigExitsTwoBeforeSpark() {
    Cli cli =
        Cli.run(
            "train",
            "--set",
            "lepton.train.input.table=/nowhere",
            "--set",
            "lepton.train.features.label=status",
            "--set",
            "lepton.train.features.numeric=[balance]",
            "--set",
            "lepton.train.algorithm=sklearn");
    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("lepton.train.algorithm must be one of");
    assertThat(cli.err()).doesNotContain("starting Spark");
  }
}
