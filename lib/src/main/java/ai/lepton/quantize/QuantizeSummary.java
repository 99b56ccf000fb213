package ai.lepton.quantize;

import ai.lepton.internal.GateTable;
import java.io.PrintWriter;
import java.util.Locale;

/** What {@code lepton quantize} prints: {@link QuantizeResult#summary()}. */
final class QuantizeSummary {

  private QuantizeSummary() {}

  /** The quantize summary: outcome, the gate table (fp32 vs int8) and the model written. */
  static void print(QuantizeResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Quantize %s %s in %.1fs: form %s%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.form());
    out.println("  " + r.reason());
    if (r.fp32() != null) {
      QuantizeResult.Gate g = r.gate();
      GateTable.print(out, "fp32", "int8")
          .size("size", r.fp32().bytes(), r.int8().bytes(), g.sizeRatio(), 2)
          .metric(g.metric(), r.fp32().metric(), r.int8().metric(), g.metricDrop())
          .agreement(g.agreement())
          .speed(
              "rows/s per core",
              r.fp32().rowsPerSecondPerCore(),
              r.int8().rowsPerSecondPerCore(),
              g.speedRatio())
          .gate(g.passed(), g.failures(), g.forced());
    }
    if (r.mixed() != null) {
      mixed(r.mixed(), out);
    }
    out.printf(
        Locale.ROOT,
        "  model %s (%s)%n",
        r.model().uri(),
        r.model().exportable() ? "exportable" : "NOT exportable");
  }

  /** The mixed precision search: sensitivities, then the gate figures of each step. */
  static void mixed(QuantizeResult.Mixed m, PrintWriter out) {
    StringBuilder sens = new StringBuilder();
    m.sensitivity()
        .forEach(
            (layer, v) ->
                sens.append(sens.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %+.4f", layer, v)));
    out.printf(
        Locale.ROOT,
        "  mixed precision %s; sensitivity on the %s split: %s%n",
        m.passed() ? "passed with " + m.fp32Layers() + " fp32" : "found no passing mix",
        m.sensitivityRows(),
        sens);
    for (int i = 0; i < m.steps().size(); i++) {
      QuantizeResult.Step s = m.steps().get(i);
      out.printf(
          Locale.ROOT,
          "    step %d fp32 %-24s %-8s agreement %.4f, drop %.4f, size %.2fx, speed %.2fx: %s%n",
          i,
          s.fp32Layers().isEmpty() ? "[none]" : s.fp32Layers().toString(),
          s.form(),
          s.agreement(),
          s.metricDrop(),
          s.sizeRatio(),
          s.speedRatio(),
          s.passed() ? "passes" : String.join("; ", s.failures()));
    }
  }
}
