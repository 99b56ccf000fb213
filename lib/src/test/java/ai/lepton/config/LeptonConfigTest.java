package ai.lepton.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeptonConfigTest {

  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void defaultsComeFromReferenceConf() {
    LeptonConfig config = LeptonConfig.load(List.of(), List.of());
    assertThat(config.raw().getString("lepton.reconcile.resolve.policy")).isEqualTo("latest");
    assertThat(config.raw().getDouble("lepton.reconcile.max-conflict-ratio")).isEqualTo(1.0);
    assertThat(config.raw().getStringList("lepton.reconcile.key")).containsExactly("id");
  }

  @Test
  void filesLayerLeftToRightAndSetComesLast() throws IOException {
    Path a = file("a.conf", "lepton.reconcile { max-conflict-ratio = 0.1, schema = \"a\" }");
    Path b = file("b.conf", "lepton.reconcile.max-conflict-ratio = 0.2");
    LeptonConfig both = LeptonConfig.load(List.of(a, b), List.of());
    assertThat(both.raw().getDouble("lepton.reconcile.max-conflict-ratio")).isEqualTo(0.2);
    assertThat(both.raw().getString("lepton.reconcile.schema")).isEqualTo("a");

    LeptonConfig overridden =
        LeptonConfig.load(
            List.of(a, b),
            List.of(
                "lepton.reconcile.max-conflict-ratio=0.3", "lepton.reconcile.key=[\"a\", \"b\"]"));
    assertThat(overridden.raw().getDouble("lepton.reconcile.max-conflict-ratio")).isEqualTo(0.3);
    assertThat(overridden.raw().getStringList("lepton.reconcile.key")).containsExactly("a", "b");
  }

  @Test
  void setKeepsUrisWithDoubleSlashesWhole() {
    LeptonConfig config =
        LeptonConfig.load(List.of(), List.of("lepton.reconcile.output.golden=s3a://bucket/gold"));
    assertThat(config.raw().getString("lepton.reconcile.output.golden"))
        .isEqualTo("s3a://bucket/gold");
  }

  @Test
  void unknownKeyIsRefusedWithTheNearestValidKey() throws IOException {
    Path f = file("typo.conf", "lepton.reconcile.max-conflict-ration = 0.1");
    assertThatThrownBy(() -> LeptonConfig.load(List.of(f), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key lepton.reconcile.max-conflict-ration")
        .hasMessageContaining("typo.conf")
        .hasMessageContaining("Did you mean lepton.reconcile.max-conflict-ratio?");
  }

  @Test
  void unknownKeyInsideASourceNamesTheElementAndTheValidKey() {
    assertThatThrownBy(
            () ->
                LeptonConfig.parse(
                    "lepton.reconcile.sources = [ { name = a, uri = x, format = csv },"
                        + " { name = b, urri = y, format = json } ]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key lepton.reconcile.sources[1].urri")
        .hasMessageContaining("Did you mean lepton.reconcile.sources[].uri?");
  }

  @Test
  void openMapsAcceptAnyKeys() {
    LeptonConfig config =
        LeptonConfig.parse(
            "lepton.spark.conf { \"spark.sql.shuffle.partitions\" = 4 }\n"
                + "lepton.reconcile.tolerance { balance = 0.01, amount = 1 }\n"
                + "lepton.reconcile.sources = [ { name = a, uri = x, format = csv,"
                + " options { header = \"true\", sep = \";\" } } ]");
    assertThat(config.raw().getDouble("lepton.reconcile.tolerance.balance")).isEqualTo(0.01);
  }

  @Test
  void keysOutsideLeptonAreLeftAlone() {
    LeptonConfig config = LeptonConfig.parse("akka.anything = 1\nlepton.work-dir = w");
    assertThat(config.raw().getString("lepton.work-dir")).isEqualTo("w");
  }

  @Test
  void dumpRedactsSecretsAtAnyDepth() {
    LeptonConfig config =
        LeptonConfig.parse(
            "lepton.spark.conf { \"fs.s3a.secret.key\" = \"s3cr3t-value\","
                + " \"fs.azure.account.key.acct\" = \"azkey-value\","
                + " \"spark.sql.shuffle.partitions\" = 4 }");
    String dump = config.dump();
    assertThat(dump).doesNotContain("s3cr3t-value").doesNotContain("azkey-value");
    assertThat(dump).contains(Redactor.MASK).contains("spark.sql.shuffle.partitions");
  }

  @Test
  void badSetNamesTheExpectedFormWithoutEchoingSecrets() {
    assertThatThrownBy(() -> LeptonConfig.load(List.of(), List.of("no-equals-sign")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected KEY=VALUE");
  }

  @Test
  void missingFileSaysWhichPath() {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> LeptonConfig.load(List.of(missing), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void parseErrorsNameTheFile() throws IOException {
    Path f = file("broken.conf", "lepton.reconcile { key = [ }");
    assertThatThrownBy(() -> LeptonConfig.load(List.of(f), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot parse config file")
        .hasMessageContaining("broken.conf");
  }

  @Test
  void redactorMasksSecretAssignmentsInFreeText() {
    assertThat(Redactor.redactMessage("bad value: secret-key=abc123 at line 3"))
        .doesNotContain("abc123")
        .contains(Redactor.MASK);
    assertThat(Redactor.redactAssignment("lepton.stores.s3.credentials.secret=xyz"))
        .isEqualTo("lepton.stores.s3.credentials.secret=" + Redactor.MASK);
    assertThat(Redactor.isSecretKey("key")).isFalse();
    assertThat(Redactor.isSecretKey("connection-string")).isTrue();
  }
}
