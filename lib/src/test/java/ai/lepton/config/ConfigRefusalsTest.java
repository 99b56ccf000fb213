package ai.lepton.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.export.ExportConfig;
import ai.lepton.reconcile.ReconcileConfig;
import ai.lepton.storage.ObjectStores;
import ai.lepton.train.TrainConfig;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config refusal, one row each: a valid config for the job with one thing wrong is refused by
 * the loader the job calls before any work, with a {@link ConfigException} naming the key.
 */
class ConfigRefusalsTest {

  private static final String RECONCILE =
      "lepton.reconcile.sources = [ { name = aws, uri = \"/data/aws\", format = csv },"
          + " { name = azure, uri = \"/data/azure\", format = json } ]\n"
          + "lepton.reconcile.output { golden = /out/g, discrepancies = /out/d, quarantine = /out/q"
          + " }\n";

  private static final String EXPORT =
      "lepton.export { model = \"/models/churn/1\", targets = [ { name = aws, type = sagemaker,"
          + " uri = \"/serving\" } ] }\n";

  private static final String TRAIN =
      "lepton.train { input.table = \"/out/g\", features { key = id, label = status, numeric = [balance] } }\n";

  private static final String LONG = "n" + "x".repeat(255);

  private static final Consumer<String> RECONCILE_LOADER =
      text -> ReconcileConfig.from(LeptonConfig.parse(RECONCILE + text));
  private static final Consumer<String> STORES_LOADER =
      text -> ObjectStores.from(LeptonConfig.parse(RECONCILE + text)).close();
  private static final Consumer<String> EXPORT_LOADER =
      text -> ExportConfig.from(LeptonConfig.parse(EXPORT + text));
  private static final Consumer<String> TRAIN_LOADER =
      text -> TrainConfig.from(LeptonConfig.parse(TRAIN + text));

  private static Arguments reconcile(String what, String text, String key) {
    return Arguments.of(what, RECONCILE_LOADER, text, key);
  }

  private static Arguments stores(String what, String text, String key) {
    return Arguments.of(what, STORES_LOADER, text, key);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        reconcile(
            "unknown key",
            "lepton.reconcile.outptu.golden = x",
            "Unknown config key lepton.reconcile.outptu"),
        reconcile(
            "unknown key in a source",
            "lepton.reconcile.sources = [ { name = a, uri = /a, formt = csv }, { name = b, uri ="
                + " /b } ]",
            "Unknown config key lepton.reconcile.sources[0].formt"),
        stores(
            "unknown store key",
            "lepton.stores.raw { type = s3, endpont = \"http://x\" }",
            "Unknown config key lepton.stores.raw.endpont"),
        reconcile(
            "number of the wrong type",
            "lepton.reconcile.max-conflict-ratio = lots",
            "lepton.reconcile.max-conflict-ratio must be a number"),
        reconcile(
            "boolean of the wrong type",
            "lepton.reconcile.incremental = sometimes",
            "lepton.reconcile.incremental must be true or false"),
        reconcile(
            "list of the wrong type",
            "lepton.reconcile.key = 5",
            "lepton.reconcile.key must be a list of strings"),
        stores(
            "time of the wrong type",
            "lepton.stores.raw { type = s3, connect-timeout-ms = soon }",
            "lepton.stores.raw.connect-timeout-ms must be a whole number"),
        stores(
            "negative part size",
            "lepton.stores.raw { type = s3, multipart.part-size-bytes = -1 }",
            "lepton.stores.raw.multipart.part-size-bytes"),
        stores(
            "negative threshold in the defaults",
            "lepton.store-defaults.multipart.threshold-bytes = -5",
            "lepton.store-defaults.multipart.threshold-bytes"),
        reconcile(
            "negative progress interval",
            "lepton.progress.interval-ms = -1",
            "lepton.progress.interval-ms is -1"),
        reconcile(
            "negative connect timeout",
            "lepton.stores.raw { type = s3, connect-timeout-ms = -1 }",
            "lepton.stores.raw.connect-timeout-ms is -1"),
        reconcile(
            "negative read timeout in the defaults",
            "lepton.store-defaults.read-timeout-ms = -60000",
            "lepton.store-defaults.read-timeout-ms is -60000"),
        reconcile(
            "negative attempt timeout",
            "lepton.stores.raw { type = azure, attempt-timeout-ms = -2 }",
            "lepton.stores.raw.attempt-timeout-ms is -2"),
        reconcile(
            "negative retry delay",
            "lepton.store-defaults.retry.max-delay-ms = -1",
            "lepton.store-defaults.retry.max-delay-ms is -1"),
        reconcile(
            "negative tolerance",
            "lepton.reconcile.tolerance.balance = -0.5",
            "lepton.reconcile.tolerance.balance is -0.5"),
        reconcile(
            "invalid DDL schema",
            "lepton.reconcile.schema = \"id STRING, amount DECIMAL(12,2\"",
            "lepton.reconcile.schema is not a valid DDL schema: [PARSE_SYNTAX_ERROR]"),
        reconcile(
            "unknown type in a source's DDL schema",
            "lepton.reconcile.sources = [ { name = a, uri = /a, format = csv, schema = \"id"
                + " STRNG\" }, { name = b, uri = /b, format = csv } ]",
            "lepton.reconcile.sources[0].schema is not a valid DDL schema: [UNSUPPORTED_DATATYPE]"),
        reconcile(
            "duplicate source names",
            "lepton.reconcile.sources = [ { name = a, uri = /a, format = csv }, { name = a, uri = /b,"
                + " format = csv } ]",
            "lepton.reconcile.sources[1].name repeats the source name 'a'"),
        reconcile(
            "source names differing only by case",
            "lepton.reconcile.sources = [ { name = aws, uri = /a, format = csv }, { name = AWS, uri ="
                + " /b, format = csv } ]",
            "lepton.reconcile.sources[1].name is 'AWS', which differs from the source name 'aws'"
                + " only by case"),
        reconcile(
            "unknown source name",
            "lepton.reconcile.resolve.priority = [gcp]",
            "lepton.reconcile.resolve.priority names 'gcp', which is not a source"),
        reconcile(
            "source name over 255 bytes",
            "lepton.reconcile.sources = [ { name = "
                + LONG
                + ", uri = /a }, { name = b, uri = /b"
                + " } ]",
            "lepton.reconcile.sources[0].name is 256 characters long"),
        Arguments.of(
            "export name over 255 bytes",
            EXPORT_LOADER,
            "lepton.export.name = " + LONG,
            "lepton.export.name is 256 characters long"),
        Arguments.of(
            "model name over 255 bytes",
            TRAIN_LOADER,
            "lepton.train.model.name = " + LONG,
            "lepton.train.model.name is 256 characters long"),
        Arguments.of(
            "SageMaker model name over 63 characters",
            EXPORT_LOADER,
            "lepton.export { name = churn-propensity-with-a-long-name, version ="
                + " 20261206-153000-abcdef-retrained }",
            "lepton.export.targets[0].name = 'aws' is a sagemaker target, whose model name"
                + " 'churn-propensity-with-a-long-name-20261206-153000-abcdef-retrained' ("
                + "lepton.export.name and lepton.export.version, or the model's own) has 66"
                + " characters; SageMaker allows 63"),
        reconcile(
            "golden in a source folder",
            "lepton.reconcile.output.golden = \"file:/data/aws/\"",
            "lepton.reconcile.output.golden (file:/data/aws/) is the same location as"
                + " lepton.reconcile.sources[0].uri (/data/aws)"),
        reconcile(
            "quarantine = discrepancies",
            "lepton.reconcile.output.quarantine = \"/out/d/\"",
            "lepton.reconcile.output.discrepancies (/out/d) and lepton.reconcile.output.quarantine"
                + " (/out/d/) are the same location"),
        reconcile(
            "golden = discrepancies",
            "lepton.reconcile.output.discrepancies = /out/g",
            "lepton.reconcile.output.golden (/out/g) and lepton.reconcile.output.discrepancies"
                + " (/out/g) are the same location"),
        reconcile(
            "an output inside another",
            "lepton.reconcile.output.discrepancies = /out/q/discrepancies",
            "lepton.reconcile.output.discrepancies (/out/q/discrepancies) and"
                + " lepton.reconcile.output.quarantine (/out/q): the first lies inside the second"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void eachRefusalIsAConfigErrorNamingTheKey(
      String what, Consumer<String> loader, String text, String message) {
    assertThatThrownBy(() -> loader.accept(text))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validBases")
  void theBaseConfigsAreValid(String what, Consumer<String> loader) {
    loader.accept("");
  }

  static Stream<Arguments> validBases() {
    return Stream.of(
        Arguments.of("reconcile", RECONCILE_LOADER),
        Arguments.of("stores", STORES_LOADER),
        Arguments.of("export", EXPORT_LOADER),
        Arguments.of("train", TRAIN_LOADER));
  }
}
