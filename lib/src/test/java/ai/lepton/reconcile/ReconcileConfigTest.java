package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import org.junit.jupiter.api.Test;

class ReconcileConfigTest {

  private static final String TWO_SOURCES =
      "lepton.reconcile.sources = [ { name = aws, uri = \"/a\", format = csv },"
          + " { name = azure, uri = \"/b\", format = JSON } ]\n"
          + "lepton.reconcile.output { golden = /g, discrepancies = /d, quarantine = /q }\n";

  private static ReconcileConfig parse(String extra) {
    return ReconcileConfig.from(LeptonConfig.parse(TWO_SOURCES + extra));
  }

  @Test
  void readsSourcesAndDefaults() {
    ReconcileConfig c = parse("");
    assertThat(c.sources())
        .extracting(ReconcileConfig.SourceConfig::name)
        .containsExactly("aws", "azure");
    assertThat(c.sources().get(1).format()).isEqualTo("json");
    assertThat(c.resolve().policy()).isEqualTo(ReconcileConfig.Policy.LATEST);
    assertThat(c.resolve().priority()).containsExactly("aws", "azure");
    assertThat(c.output().deleteMissing()).isTrue();
  }

  @Test
  void priorityListsNamedSourcesFirstThenTheRest() {
    ReconcileConfig c = parse("lepton.reconcile.resolve { policy = PRIORITY, priority = [azure] }");
    assertThat(c.resolve().policy()).isEqualTo(ReconcileConfig.Policy.PRIORITY);
    assertThat(c.resolve().priority()).containsExactly("azure", "aws");
  }

  @Test
  void needsTwoSources() {
    assertThatThrownBy(
            () ->
                ReconcileConfig.from(
                    LeptonConfig.parse(
                        "lepton.reconcile.sources = [ { name = a, uri = x, format = csv } ]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lepton.reconcile.sources lists 1 source(s); reconcile needs 2 or more");
  }

  @Test
  void unknownPolicyListsTheValidOnes() {
    assertThatThrownBy(() -> parse("lepton.reconcile.resolve.policy = newest"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.reconcile.resolve.policy is 'newest'")
        .hasMessageContaining("latest, priority, majority");
  }

  @Test
  void priorityMustNameSources() {
    assertThatThrownBy(() -> parse("lepton.reconcile.resolve.priority = [gcp]"))
        .hasMessageContaining("names 'gcp', which is not a source");
  }

  @Test
  void sourceNamesAreUniqueAndFormatsKnown() {
    assertThatThrownBy(
            () ->
                ReconcileConfig.from(
                    LeptonConfig.parse(
                        "lepton.reconcile.sources = [ { name = a, uri = x, format = csv },"
                            + " { name = a, uri = y, format = csv } ]")))
        .hasMessageContaining("lepton.reconcile.sources[1].name repeats the source name 'a'");
    assertThatThrownBy(
            () ->
                ReconcileConfig.from(
                    LeptonConfig.parse(
                        "lepton.reconcile.sources = [ { name = a, uri = x, format = csv },"
                            + " { name = b, uri = y, format = xml } ]")))
        .hasMessageContaining("lepton.reconcile.sources[1].format is 'xml'");
  }

  @Test
  void outputsMustBeSet() {
    assertThatThrownBy(
            () ->
                ReconcileConfig.from(
                    LeptonConfig.parse(
                        "lepton.reconcile.sources = [ { name = a, uri = x, format = csv },"
                            + " { name = b, uri = y, format = csv } ]")))
        .hasMessageContaining("lepton.reconcile.output.golden is not set");
  }

  @Test
  void toleranceRatioAndTimezoneAreChecked() {
    assertThatThrownBy(() -> parse("lepton.reconcile.tolerance.balance = -1"))
        .hasMessageContaining("lepton.reconcile.tolerance.balance is -1.0");
    assertThatThrownBy(() -> parse("lepton.reconcile.max-conflict-ratio = 2"))
        .hasMessageContaining("must be between 0 and 1");
    assertThatThrownBy(() -> parse("lepton.reconcile.normalize.timezone = Mars/Olympus"))
        .hasMessageContaining("'Mars/Olympus', which is not a time zone");
    assertThatThrownBy(() -> parse("lepton.reconcile.max-conflict-ratio = lots"))
        .hasMessageContaining("Config key lepton.reconcile.max-conflict-ratio must be a number");
  }

  @Test
  void tolerancesAreNumbersAbsRelObjectsOrDurationsAndNothingElse() {
    assertThat(
            parse(
                    "lepton.reconcile.tolerance { a = 0.5, b = { rel = 1e-6 }, c = { abs = 1, rel"
                        + " = 0.1 }, d = 2s, e = \"1d\" }")
                .tolerance())
        .containsEntry("a", new Tolerance(0.5, 0, 0))
        .containsEntry("b", new Tolerance(0, 1e-6, 0))
        .containsEntry("c", new Tolerance(1, 0.1, 0))
        .containsEntry("d", new Tolerance(0, 0, 2_000_000))
        .containsEntry("e", new Tolerance(0, 0, 86_400_000_000L));
    assertThatThrownBy(() -> parse("lepton.reconcile.tolerance.b = { rel = -0.1 }"))
        .hasMessageContaining("lepton.reconcile.tolerance.b is { abs = 0.0, rel = -0.1 }");
    assertThatThrownBy(() -> parse("lepton.reconcile.tolerance.b = { relative = 0.1 }"))
        .hasMessageContaining("lepton.reconcile.tolerance.b.relative is not a tolerance key");
    assertThatThrownBy(() -> parse("lepton.reconcile.tolerance.b = soon"))
        .hasMessageContaining("lepton.reconcile.tolerance.b is 'soon', which is neither a number");
    assertThatThrownBy(() -> parse("lepton.reconcile.tolerance.b = [1]"))
        .hasMessageContaining("lepton.reconcile.tolerance.b must be a number");
    assertThatThrownBy(() -> parse("lepton.reconcile.tolerance-by-type.money = 1"))
        .hasMessageContaining(
            "lepton.reconcile.tolerance-by-type.money names no type a tolerance applies to. Use"
                + " one of: integer, decimal, float, double, timestamp, date.");
    assertThatThrownBy(() -> parse("lepton.reconcile.normalize.timestamp-precision = ns"))
        .hasMessageContaining("lepton.reconcile.normalize.timestamp-precision is 'ns'. Use us");
  }
}
