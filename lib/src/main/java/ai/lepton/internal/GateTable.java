package ai.lepton.internal;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The gate table the quantize and distill summaries print: one model (the reference) against
 * another (the candidate), a figure a row, the ratio or the drop last, then the gate's outcome.
 */
public final class GateTable {

  private final PrintWriter out;

  private GateTable(PrintWriter out) {
    this.out = out;
  }

  /** Starts the table on {@code out} with the header naming the {@code left} and {@code right}. */
  public static GateTable print(PrintWriter out, String left, String right) {
    out.printf(Locale.ROOT, "  %-22s %14s %14s %10s%n", "", left, right, "ratio");
    return new GateTable(out);
  }

  /**
   * The model sizes and their ratio, shown with {@code decimals} decimals. A figure the gate did
   * not measure (null) is shown as {@code null}, here and below.
   */
  public GateTable size(String label, long left, long right, Double ratio, int decimals) {
    out.printf(
        Locale.ROOT,
        "  %-22s %14s %14s %9." + decimals + "fx%n",
        label,
        Text.bytes(left),
        Text.bytes(right),
        ratio);
    return this;
  }

  /** The test split's {@code metric} of both models and its drop. */
  public GateTable metric(String metric, double left, double right, Double drop) {
    out.printf(
        Locale.ROOT,
        "  %-22s %14.4f %14.4f %10s%n",
        metric + " (test)",
        left,
        right,
        String.format(Locale.ROOT, "drop %.4f", drop));
    return this;
  }

  /** The share of test rows both models predict the same. */
  public GateTable agreement(Double agreement) {
    out.printf(Locale.ROOT, "  %-22s %14s %14.4f%n", "agreement", "", agreement);
    return this;
  }

  /** Rows per second per core of both models and their ratio. */
  public GateTable speed(String label, double left, double right, Double ratio) {
    out.printf(Locale.ROOT, "  %-22s %,14.0f %,14.0f %9.2fx%n", label, left, right, ratio);
    return this;
  }

  /** The gate's outcome: passed, or FAILED and why; whether {@code --force} kept the model. */
  public void gate(boolean passed, List<String> failures, boolean forced) {
    out.printf(
        Locale.ROOT,
        "  gate %s%s%s%n",
        passed ? "passed" : "FAILED",
        failures.isEmpty() ? "" : ": " + String.join("; ", failures),
        forced ? " (forced: model kept exportable)" : "");
  }
}
