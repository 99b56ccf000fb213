package ai.lepton.pipeline;

import ai.lepton.JobResult;
import java.io.PrintWriter;
import java.util.Locale;

/** What {@code lepton pipeline} prints: {@link PipelineResult#summary()}. */
final class PipelineSummary {

  private PipelineSummary() {}

  /** Each step's own summary, then where the pipeline ended. */
  static void print(PipelineResult r, PrintWriter out) {
    for (JobResult step : r.steps()) {
      out.print(step.summary());
      out.println();
    }
    if (r.retrain() != null) {
      out.printf(
          Locale.ROOT,
          "Retrain %s: %s%n",
          r.retrain().retrained() ? "ran" : "skipped",
          r.retrain().reason());
    }
    out.printf(
        Locale.ROOT,
        "Pipeline %s %s in %.1fs%s%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.succeeded() ? "" : ": stopped at " + r.failedStep() + ", " + r.reason());
    out.flush();
  }
}
