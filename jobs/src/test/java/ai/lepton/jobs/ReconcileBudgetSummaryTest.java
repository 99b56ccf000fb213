package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.JobResult;
import ai.lepton.reconcile.ReconcileResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileBudgetSummaryTest {

  private static String summary(ReconcileResult.Golden golden, ReconcileResult.Gate gate) {
    ReconcileResult r =
        new ReconcileResult(
            "reconcile",
            gate.passed() ? JobResult.Status.SUCCEEDED : JobResult.Status.FAILED,
            "run-1",
            Instant.parse("2026-12-06T10:00:00Z"),
            1500,
            false,
            List.of(new ReconcileResult.Source("aws", "/a", "csv", 1, 0, 10, 0, 5, 0, 0, 5, 0)),
            new ReconcileResult.Counts(5, 3, 2, Map.of("aws", 0L)),
            golden,
            new ReconcileResult.Table("/d", 0),
            new ReconcileResult.Table("/q", 0),
            gate,
            new ReconcileResult.Schema(List.of()),
            new ReconcileResult.Conflicts(Map.of(), List.of()),
            null);
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      Summaries.print(r, w);
    }
    return out.toString();
  }

  private static final ReconcileResult.Golden UNCHANGED =
      new ReconcileResult.Golden("/g", 3, 5, 0, 0, 0, false);

  @Test
  void aRunWithinItsBudgetsSaysSo() {
    String s =
        summary(UNCHANGED, new ReconcileResult.Gate(0.5, 0.4, 10, 2, true, null, null, null));
    assertThat(s).contains("budgets    2 conflicting keys (40.00%): within max-conflicts 10");
    assertThat(s).doesNotContain("GATE FAILED");
  }

  @Test
  void aStoppedRunPrintsTheBudgetsMessage() {
    String message = "Budget lepton.reconcile.max-conflicts exceeded: 2 keys conflict, ...";
    String s =
        summary(
            UNCHANGED,
            new ReconcileResult.Gate(
                1.0, 0.4, 1, 2, false, "lepton.reconcile.max-conflicts", "keys", message));
    assertThat(s).contains("  GATE FAILED: " + message);
  }

  @Test
  void aRetrySkippedByDeltaSaysWhatIsPending() {
    ReconcileResult.Golden skipped =
        new ReconcileResult.Golden("/g", 3, 5, 0, 0, 0, false, "lepton-reconcile-x", 7, true, 4);
    String s = summary(skipped, new ReconcileResult.Gate(1.0, 0.4, true));
    assertThat(s)
        .contains("skipped by Delta: run number 7 was committed by an earlier attempt")
        .contains("the 4 changes found now are applied by the next run");
  }
}
