package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OutputPathsTest {

  private static ReconcileConfig load(String aws, String azure, String output) {
    return ReconcileConfig.from(
        LeptonConfig.parse(
            "lepton.reconcile.sources = [ { name = aws, uri = \""
                + aws
                + "\", format = csv }, { name = azure, uri = \""
                + azure
                + "\", format = json } ]\n"
                + "lepton.reconcile.output { "
                + output
                + " }\n"));
  }

  static Stream<Arguments> collisions() {
    String d = "discrepancies = \"/data/d\", quarantine = \"/data/q\"";
    return Stream.of(
        Arguments.of(
            "golden is a source folder",
            "/data/csv",
            "golden = \"/data/csv/\", " + d,
            "lepton.reconcile.output.golden (/data/csv/) is the same location as"
                + " lepton.reconcile.sources[0].uri (/data/csv)"),
        Arguments.of(
            "golden inside a source folder",
            "/data/csv",
            "golden = \"file:/data/csv/golden\", " + d,
            "lepton.reconcile.output.golden (file:/data/csv/golden) lies inside the source folder"
                + " lepton.reconcile.sources[0].uri"),
        Arguments.of(
            "a source folder inside an output",
            "/data/g/aws",
            "golden = \"/data/g\", " + d,
            "lepton.reconcile.output.golden (/data/g) holds the source folder"
                + " lepton.reconcile.sources[0].uri"),
        Arguments.of(
            "s3 and s3a of one bucket",
            "s3a://raw/accounts/",
            "golden = \"s3://raw/accounts\", " + d,
            "lepton.reconcile.output.golden (s3://raw/accounts) is the same location as"
                + " lepton.reconcile.sources[0].uri (s3a://raw/accounts/)"),
        Arguments.of(
            "wasbs and abfss of one container",
            "wasbs://data@acct.blob.core.windows.net/accounts",
            "golden = \"abfss://data@acct.dfs.core.windows.net/accounts/\", " + d,
            "lepton.reconcile.output.golden (abfss://data@acct.dfs.core.windows.net/accounts/) is"
                + " the same location as lepton.reconcile.sources[0].uri"),
        Arguments.of(
            "quarantine = discrepancies",
            "/data/csv",
            "golden = \"/data/g\", discrepancies = \"/data/x\", quarantine = \"file:///data/x/\"",
            "lepton.reconcile.output.discrepancies (/data/x) and"
                + " lepton.reconcile.output.quarantine (file:///data/x/) are the same location"),
        Arguments.of(
            "golden = discrepancies",
            "/data/csv",
            "golden = \"/data/g\", discrepancies = \"/data/g/\", quarantine = \"/data/q\"",
            "lepton.reconcile.output.golden (/data/g) and lepton.reconcile.output.discrepancies"
                + " (/data/g/) are the same location"),
        Arguments.of(
            "quarantine inside golden",
            "/data/csv",
            "golden = \"/data/g\", discrepancies = \"/data/d\", quarantine = \"/data/g/_q\"",
            "lepton.reconcile.output.golden (/data/g) and lepton.reconcile.output.quarantine"
                + " (/data/g/_q): the second lies inside the first"),
        Arguments.of(
            "state = quarantine",
            "/data/csv",
            "golden = \"/data/g\", " + d + ", state = \"/data/q\"",
            "lepton.reconcile.output.quarantine (/data/q) and lepton.reconcile.output.state"
                + " (/data/q) are the same location"),
        Arguments.of(
            "state inside golden in a folder Delta reads",
            "/data/csv",
            "golden = \"/data/g\", " + d + ", state = \"/data/g/state\"",
            "lepton.reconcile.output.golden (/data/g) and lepton.reconcile.output.state"
                + " (/data/g/state): the second lies inside the first"),
        Arguments.of(
            "state is a source folder",
            "/data/csv",
            "golden = \"/data/g\", " + d + ", state = \"/data/json/\"",
            "lepton.reconcile.output.state (/data/json/) is the same location as"
                + " lepton.reconcile.sources[1].uri (/data/json)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collisions")
  void collidingOutputsAreRefusedNamingBothKeys(
      String what, String source, String output, String message) {
    assertThatThrownBy(() -> load(source, "/data/json", output))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("Set ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null"));
  }

  @Test
  void separateFoldersAndTheDefaultStateInsideGoldenAreAccepted() {
    ReconcileConfig c =
        load(
            "s3a://raw/accounts/",
            "/data/json",
            "golden = \"s3a://raw/accounts_golden\", discrepancies = \"s3a://other/accounts\","
                + " quarantine = \"/data/jsonq\"");
    assertThat(c.output().state()).isEqualTo("s3a://raw/accounts_golden/_lepton_state");
    load(
        "/data/a",
        "/data/b",
        "golden = \"/g\", discrepancies = \"/d\", quarantine = \"/q\"," + " state = \"/g/_mine\"");
  }
}
