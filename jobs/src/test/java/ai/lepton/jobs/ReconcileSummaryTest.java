package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.JobResult;
import ai.lepton.reconcile.ReconcileResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileSummaryTest {

  @Test
  void theSummaryAndThePageNameRenamedComputedAndIgnoredColumns() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("crm", "string");
    types.put("billing", "string");
    ReconcileResult.Schema schema =
        new ReconcileResult.Schema(
            List.of(
                new ReconcileResult.SchemaColumn(
                    "id", "string", "key", Map.of("crm", "string"), List.of(), List.of(), null),
                new ReconcileResult.SchemaColumn(
                    "email",
                    "string",
                    "compared",
                    types,
                    List.of(),
                    List.of(),
                    null,
                    Map.of("crm", "mail"),
                    Map.of("billing", "concat(user, '@', domain)")),
                new ReconcileResult.SchemaColumn(
                    "legacy_code",
                    "string",
                    "ignored",
                    Map.of("crm", "string"),
                    List.of("billing"),
                    List.of(),
                    null)));
    ReconcileResult r =
        new ReconcileResult(
            "reconcile",
            JobResult.Status.SUCCEEDED,
            "run-1",
            Instant.parse("2026-12-06T10:00:00Z"),
            1500,
            false,
            List.of(
                new ReconcileResult.Source("crm", "/c", "csv", 1, 0, 10, 0, 2, 0, 0, 2, 0),
                new ReconcileResult.Source("billing", "/b", "json", 1, 0, 10, 0, 2, 0, 0, 2, 0)),
            new ReconcileResult.Counts(2, 2, 0, Map.of("crm", 0L, "billing", 0L)),
            new ReconcileResult.Golden("/g", 0, 2, 2, 0, 0, true),
            new ReconcileResult.Table("/d", 0),
            new ReconcileResult.Table("/q", 0),
            new ReconcileResult.Gate(1.0, 0, true),
            schema,
            new ReconcileResult.Conflicts(Map.of(), List.of()),
            null);
    StringWriter text = new StringWriter();
    Summaries.print(r, new PrintWriter(text, true));
    assertThat(text.toString())
        .contains("3 columns: 1 key, 1 compared, 1 ignored")
        .contains("email: 'mail' in crm; computed in billing as concat(user, '@', domain)")
        .contains("legacy_code: ignored (carried, not compared)")
        .doesNotContain("missing in billing (null there)");
    assertThat(ReconcilePage.render(r))
        .contains("crm: string (its mail), billing: string = concat(user, &#39;@&#39;, domain)");
  }
}
