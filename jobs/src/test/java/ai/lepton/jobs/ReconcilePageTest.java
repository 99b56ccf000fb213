package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.JobResult;
import ai.lepton.reconcile.ReconcileResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilePageTest {

  private static ReconcileResult result(Map<String, Long> byColumn, String sampleValue) {
    return new ReconcileResult(
        "reconcile",
        JobResult.Status.FAILED,
        "run-1",
        Instant.parse("2026-12-06T10:00:00Z"),
        1500,
        false,
        List.of(
            new ReconcileResult.Source("aws", "s3a://b/a", "csv", 1, 0, 10, 0, 5, 0, 0, 4, 1),
            new ReconcileResult.Source("azure", "wasb://c/a", "json", 1, 0, 10, 0, 5, 0, 0, 5, 0)),
        new ReconcileResult.Counts(5, 4, 1, Map.of("aws", 0L, "azure", 0L)),
        new ReconcileResult.Golden("/g", 3, 5, 0, 0, 0, false),
        new ReconcileResult.Table("/d", 1),
        new ReconcileResult.Table("/q", 0),
        new ReconcileResult.Gate(0.1, 0.2, false),
        new ReconcileResult.Schema(
            List.of(
                new ReconcileResult.SchemaColumn(
                    "id", "string", "key", Map.of("aws", "string"), List.of(), List.of(), null))),
        new ReconcileResult.Conflicts(
            byColumn,
            List.of(
                new ReconcileResult.ConflictSample(
                    Map.of("id", "k<1>"),
                    "note",
                    Map.of("aws", sampleValue, "azure", "b"),
                    "azure"))),
        null);
  }

  @Test
  void valuesFromTheDataAreEscapedNeverMarkup() {
    String page =
        ReconcilePage.render(result(Map.of("note", 1L), "<script>alert('x')</script> & \"q\""));
    assertThat(page)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        .contains("k&lt;1&gt;");
  }

  @Test
  void barsAreScaledToTheLargestColumnAndTheFailedGateIsSaid() {
    Map<String, Long> byColumn = new LinkedHashMap<>();
    byColumn.put("balance", 200L);
    byColumn.put("note", 50L);
    String page = ReconcilePage.render(result(byColumn, "a"));
    assertThat(page)
        .contains("data-column=\"balance\" x=\"160\" y=\"0\" width=\"480\"")
        .contains("data-column=\"note\" x=\"160\" y=\"28\" width=\"120\"")
        .contains("failed, golden left as it was")
        .contains("id=\"status\" class=\"failed\">failed<");
  }
}
