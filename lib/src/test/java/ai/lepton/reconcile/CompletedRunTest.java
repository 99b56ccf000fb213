package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletedRunTest {

  private static final String CONF =
      """
      lepton.reconcile {
        key = [id]
        sources = [
          { name = a, uri = "/data/a", format = csv }
          { name = b, uri = "/data/b", format = json }
        ]
        output.golden = "/out/golden"
      }
      """;

  /** A result with every part filled, so a field the JSON loses makes the round trip differ. */
  static ReconcileResult fullResult() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("a", "decimal(12,2)");
    types.put("b", "double");
    ReconcileResult.Schema schema =
        new ReconcileResult.Schema(
            List.of(
                new ReconcileResult.SchemaColumn(
                    "id", "string", "key", Map.of("a", "string"), List.of(), List.of(), null),
                new ReconcileResult.SchemaColumn(
                    "balance",
                    "decimal(12,2)",
                    "compared",
                    types,
                    List.of(),
                    List.of("b"),
                    "abs 0.01",
                    Map.of("b", "amount"),
                    Map.of("b", "cents / 100"))));
    Map<String, Long> missing = new LinkedHashMap<>();
    missing.put("a", 3L);
    missing.put("b", 0L);
    return new ReconcileResult(
        "reconcile",
        JobResult.Status.SUCCEEDED,
        "20261207-010000-abcdef",
        Instant.parse("2026-12-07T01:00:00.123Z"),
        4321,
        false,
        List.of(
            new ReconcileResult.Source("a", "/data/a", "csv", 10, 0, 1000, 0, 100, 1, 2, 90, 7),
            new ReconcileResult.Source("b", "/data/b", "json", 10, 0, 2000, 0, 99, 0, 0, 10, 89)),
        new ReconcileResult.Counts(103, 97, 7, missing),
        new ReconcileResult.Golden("/out/golden", 4, 100, 3, 2, 1, true, "app", 4, false, 0),
        new ReconcileResult.Table("/out/disc", 10),
        new ReconcileResult.Table("/out/quar", 1),
        new ReconcileResult.Gate(0.1, 0.07, 50, 7, true, null, "keys", null),
        schema,
        new ReconcileResult.Conflicts(
            Map.of("balance", 7L),
            List.of(
                new ReconcileResult.ConflictSample(
                    Map.of("id", "C1"), "balance", Map.of("a", "1.00", "b", "1.5"), "b"))),
        null);
  }

  @Test
  void theRecordSurvivesTheCommitMetadataRoundTripWholly() {
    CompletedRun run =
        new CompletedRun(CompletedRun.FORMAT, 4, "digest", 4, fullResult())
            .withSnapshots(Map.of("aws", 3L, "azure", 7L));
    assertThat(CompletedRun.fromJson(run.toJson())).isEqualTo(run);
    // a record written before the snapshot versions existed reads with none
    String older = run.toJson().replaceFirst(",?\"snapshots\":\\{[^}]*\\}", "");
    assertThat(older).doesNotContain("snapshots");
    assertThat(CompletedRun.fromJson(older).snapshots()).isNull();
    assertThat(CompletedRun.fromJson(older).result()).isEqualTo(run.result());
  }

  @Test
  void metadataOfAnotherLayoutOrToolIsIgnoredSoTheRunIsComputed() {
    CompletedRun other = new CompletedRun(CompletedRun.FORMAT + 1, 4, "d", 4, fullResult());
    assertThat(CompletedRun.fromJson(other.toJson())).isNull();
    assertThat(CompletedRun.fromJson("20261207-010000-abcdef")).isNull();
    assertThat(CompletedRun.fromJson("{\"note\": \"written by hand\"}")).isNull();
    assertThat(CompletedRun.fromJson(null)).isNull();
  }

  @Test
  void theSettingsDigestChangesWithAnyReconcileSettingAndTheAnsiFlagOnly() {
    String base = CompletedRun.settingsDigest(LeptonConfig.parse(CONF), "false");
    assertThat(CompletedRun.settingsDigest(LeptonConfig.parse(CONF), "false")).isEqualTo(base);
    assertThat(CompletedRun.settingsDigest(LeptonConfig.parse(CONF), "true")).isNotEqualTo(base);
    assertThat(
            CompletedRun.settingsDigest(
                LeptonConfig.parse(CONF + "\nlepton.reconcile.sample-size = 3"), "false"))
        .isNotEqualTo(base);
    assertThat(
            CompletedRun.settingsDigest(
                LeptonConfig.parse(CONF + "\nlepton.reconcile.normalize.trim-strings = false"),
                "false"))
        .isNotEqualTo(base);
    // settings outside lepton.reconcile (here where runs are recorded) do not decide the result
    assertThat(
            CompletedRun.settingsDigest(
                LeptonConfig.parse(CONF + "\nlepton.track.runs = \"/elsewhere/runs\""), "false"))
        .isEqualTo(base);
  }
}
