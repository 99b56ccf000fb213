package ai.lepton.distill;

import ai.lepton.internal.GateTable;
import java.io.PrintWriter;
import java.util.Locale;

/** What {@code lepton distill} prints: {@link DistillResult#summary()}. */
final class DistillSummary {

  private DistillSummary() {}

  /** The distill summary: outcome, teacher vs student table, the gate and the student written. */
  static void print(DistillResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Distill %s %s in %.1fs: %s teacher -> djl.mlp %s student (T=%s, teacher weight %s)%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.teacher().algorithm(),
        r.training().hidden(),
        r.training().temperature(),
        r.training().teacherWeight());
    out.printf(
        Locale.ROOT,
        "  trained %d rounds on %d barrier tasks%s, final loss %.5f%n",
        r.training().rounds(),
        r.training().workers(),
        r.training().resumedFromRound() > 0
            ? " (resumed after round " + r.training().resumedFromRound() + ")"
            : "",
        r.training().finalLoss());
    DistillResult.Gate g = r.gate();
    GateTable table =
        GateTable.print(out, "teacher", "student")
            .size("model size", r.teacher().bytes(), r.student().bytes(), g.sizeRatio(), 1)
            .metric(g.metric(), r.teacher().metric(), r.student().metric(), g.metricDrop())
            .agreement(g.agreement())
            .speed(
                "rows/s per core (ONNX)",
                r.teacher().rowsPerSecondPerCore(),
                r.studentOnnxRowsPerSecondPerCore(),
                g.speedRatio());
    out.printf(
        Locale.ROOT,
        "  %-22s %14s %,14.0f %9.2fx%n",
        "  student via DJL",
        "",
        r.student().rowsPerSecondPerCore(),
        r.djlSpeedRatio());
    table.gate(g.passed(), g.failures(), g.forced());
    out.printf(
        Locale.ROOT,
        "  student %s (%s)%n",
        r.model().uri(),
        r.model().exportable() ? "exportable" : "NOT exportable");
  }
}
