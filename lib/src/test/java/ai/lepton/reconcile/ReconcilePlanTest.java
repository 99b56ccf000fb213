package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.AlignedSchema;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Config that only the sources' columns can check is still a config error (exit 2). */
class ReconcilePlanTest {

  private static final StructType SCHEMA =
      StructType.fromDDL("id STRING, amount DECIMAL(12,2), note STRING, updated_at TIMESTAMP");

  private static ReconcilePlan resolve(String extra) {
    ReconcileConfig config =
        ReconcileConfig.from(
            LeptonConfig.parse(
                "lepton.reconcile.sources = [ { name = a, uri = /a, format = csv },"
                    + " { name = b, uri = /b, format = json } ]\n"
                    + "lepton.reconcile.output { golden = /g, discrepancies = /d, quarantine = /q"
                    + " }\n"
                    + extra));
    List<String> columns = List.of(SCHEMA.fieldNames());
    return ReconcilePlan.resolve(
        config, new AlignedSchema(SCHEMA), Map.of("a", columns, "b", columns));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lepton.reconcile.resolve.timestamp-column = modified"
            + "|Set lepton.reconcile.resolve.timestamp-column to a column",
        "lepton.reconcile.tolerance.balance = 0.01"
            + "|lepton.reconcile.tolerance names column 'balance', which no source has",
        "lepton.reconcile.tolerance.note = 0.01"
            + "|lepton.reconcile.tolerance.note applies to a numeric column, but 'note' is string",
        "lepton.reconcile.ignore-columns = [notes]"
            + "|lepton.reconcile.ignore-columns names column 'notes', which no source has",
        "lepton.reconcile.columns = [amount, total]"
            + "|lepton.reconcile.columns names column 'total', which no source has",
        "lepton.reconcile.resolve.timestamp-column = note"
            + "|Timestamp column 'note' is string, not a timestamp or date",
        "lepton.reconcile.tolerance.amount = 2s"
            + "|lepton.reconcile.tolerance.amount is a duration, but 'amount' is decimal(12,2)",
        "lepton.reconcile.tolerance.updated_at = 0.5"
            + "|lepton.reconcile.tolerance.updated_at applies to a numeric column, but"
            + " 'updated_at' is timestamp. Give a duration",
        "lepton.reconcile.tolerance-by-type.timestamp = 1"
            + "|lepton.reconcile.tolerance-by-type.timestamp applies to a numeric column",
        "lepton.reconcile.tolerance-by-type.decimal = 1ms"
            + "|lepton.reconcile.tolerance-by-type.decimal is a duration, but 'amount'"
      })
  void columnsTheSourcesDoNotHaveAreConfigErrors(String setting, String message) {
    assertThatThrownBy(() -> resolve(setting))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lepton.reconcile.tolerance.AMOUNT = 0.01|amount",
        "lepton.reconcile.columns = [note]|note"
      })
  void columnsTheSourcesHaveAreAccepted(String setting, String column) {
    assertThat(resolve(setting).compared()).contains(column);
  }

  @org.junit.jupiter.api.Test
  void aColumnsOwnToleranceBeatsItsTypesAndZeroMeansExact() {
    ReconcilePlan plan =
        resolve(
            "lepton.reconcile.tolerance-by-type { decimal = { rel = 0.001 }, timestamp = 1s }\n"
                + "lepton.reconcile.tolerance.updated_at = 0.5s");
    assertThat(plan.tolerance())
        .containsEntry("amount", new Tolerance(0, 0.001, 0))
        .containsEntry("updated_at", new Tolerance(0, 0, 500_000))
        .doesNotContainKey("note");
    assertThat(resolve("lepton.reconcile.tolerance.amount = 0").tolerance()).isEmpty();
  }
}
