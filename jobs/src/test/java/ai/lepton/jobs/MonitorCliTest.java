package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MonitorCliTest {

  @Test
  void badBinsExitTwoBeforeSparkStartsAndNameTheKeys() {
    Cli cli = Cli.run("monitor", "--set", "lepton.monitor.psi-bins=1");

    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err())
        .contains(
            "lepton.monitor.psi-bins and lepton.monitor.ks-points must be between 2 and 1000;"
                + " they are 1 and 100.")
        .doesNotContain("starting Spark");
  }

  @Test
  void anUnknownRetrainModeIsRefusedBeforeThePipelineStarts() {
    Cli cli = Cli.run("pipeline", "--set", "lepton.pipeline.retrain=sometimes");

    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err())
        .contains(
            "lepton.pipeline.retrain must be one of [always, never, on-drift], got 'sometimes'.");
  }
}
