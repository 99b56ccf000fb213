package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "demo",
        "emulators",
        "reconcile",
        "plan",
        "gpu-check",
        "quantize",
        "distill",
        "show",
        "sync",
        "export",
        "train",
        "runs",
        "version"
      })
  void everyCommandHasHelp(String command) {
    Cli cli = Cli.run(command, "--help");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("Usage: lepton " + command);
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Cli cli = Cli.run("--help");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out())
        .contains(
            "demo",
            "emulators",
            "reconcile",
            "plan",
            "gpu-check",
            "quantize",
            "distill",
            "show",
            "sync",
            "export",
            "train",
            "runs",
            "version");
  }

  @Test
  void versionNamesLeptonSparkAndDelta() {
    Cli cli = Cli.run("version");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("lepton 0.").contains("spark 3.5.5").contains("delta 3.3.3");
  }

  @Test
  void unknownCommandIsBadUsage() {
    Cli cli = Cli.run("reconsile");
    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("reconsile").contains("reconcile");
  }

  @Test
  void unknownOptionIsBadUsage() {
    Cli cli = Cli.run("reconcile", "--frobnicate");
    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("--frobnicate").contains("lepton reconcile --help");
  }

  @Test
  void unknownConfigKeyIsBadConfigWithTheNearestKey() throws IOException {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "lepton.reconcile.resolve.polcy = latest\n");
    Cli cli = Cli.run("reconcile", "-c", conf.toString());
    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err())
        .contains("Unknown config key lepton.reconcile.resolve.polcy")
        .contains("Did you mean lepton.reconcile.resolve.policy?");
  }

  @Test
  void distillRefusesABadTemperatureAndStudentBeforeSparkStarts() throws IOException {
    Path conf = dir.resolve("distill.conf");
    Files.writeString(conf, "lepton.distill { teacher = \"m\", temperature = -1 }\n");
    Cli cli = Cli.run("distill", "-c", conf.toString());
    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("lepton.distill.temperature must be > 0");
    Files.writeString(conf, "lepton.distill { teacher = \"m\", student.hidden = [wide] }\n");
    Cli hidden = Cli.run("distill", "-c", conf.toString());
    assertThat(hidden.exitCode()).isEqualTo(Main.USAGE);
    assertThat(hidden.err()).contains("lepton.distill.student.hidden must list layer widths");
  }

  @Test
  void incompleteConfigIsBadConfigBeforeSparkStarts() {
    Cli cli = Cli.run("reconcile");
    assertThat(cli.exitCode()).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("lepton.reconcile.sources lists 0 source(s)");
  }

  @Test
  void secretsInBadOverridesAreNotEchoed() {
    Cli unknown = Cli.run("reconcile", "--set", "lepton.reconcile.access-key=hunter2");
    assertThat(unknown.exitCode()).isEqualTo(Main.USAGE);
    assertThat(unknown.err())
        .contains("Unknown config key lepton.reconcile.access-key")
        .doesNotContain("hunter2");

    Cli malformed = Cli.run("reconcile", "--set", "lepton.stores.s3.secret-token:hunter2");
    assertThat(malformed.exitCode()).isEqualTo(Main.USAGE);
    assertThat(malformed.err()).contains("expected KEY=VALUE").doesNotContain("hunter2");
  }
}
