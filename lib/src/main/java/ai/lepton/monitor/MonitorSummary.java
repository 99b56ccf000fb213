package ai.lepton.monitor;

import java.io.PrintWriter;
import java.util.Locale;

/** What {@code lepton monitor} prints: {@link MonitorResult#summary()}. */
final class MonitorSummary {

  private MonitorSummary() {}

  /** The monitor summary: what was compared, every statistic worst first, and the verdict. */
  static void print(MonitorResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Monitor %s %s in %.1fs: model %s (%s) trained on %s @ version %d, compared with %s"
            + " @ version %d%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.model().name(),
        r.model().algorithm(),
        r.training().table(),
        r.training().version(),
        r.current().table(),
        r.current().version());
    out.printf(
        Locale.ROOT,
        "  rows        training split %,d, current %,d%n",
        r.training().rows(),
        r.current().rows());
    out.printf(
        Locale.ROOT,
        "  %-14s %-12s %-17s %9s %10s  %s%n",
        "feature",
        "kind",
        "statistic",
        "value",
        "threshold",
        "verdict");
    for (Finding f : r.findings()) {
      out.printf(
          Locale.ROOT,
          "  %-14s %-12s %-17s %9.4f %10s  %s%n",
          f.feature(),
          f.kind(),
          f.statistic(),
          f.value(),
          trim(f.threshold()),
          f.drifted() ? "DRIFT" : "ok");
    }
    out.printf(Locale.ROOT, "  drift table %s%n", r.driftTable());
    out.println(r.message());
    out.flush();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
