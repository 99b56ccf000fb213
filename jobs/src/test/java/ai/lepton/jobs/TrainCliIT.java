package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCliIT {

  @TempDir Path dir;

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
