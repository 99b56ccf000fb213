package ai.lepton.gpu;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What {@code lepton gpu-check} prints: {@link GpuCheckResult#summary()}. */
final class GpuCheckSummary {

  private GpuCheckSummary() {}

  /** The gpu-check summary: coverage per phase and each distinct fallback with its cause. */
  static void print(GpuCheckResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "GPU check of %s %s: %.0f%% of %d operators on GPU (%.0f%% of estimated work), %d on CPU%n",
        r.checkedJob(),
        r.succeeded() ? "done" : "failed (--fail-on-fallback)",
        100 * r.coverage(),
        r.operators(),
        100 * r.workCoverage(),
        r.fallbackCount());
    out.printf("  RAPIDS jar %s%n", r.rapidsJar());
    for (GpuCheckResult.Phase p : r.phases()) {
      out.printf(
          Locale.ROOT,
          "  %-18s %3.0f%% of %3d operators on GPU%n",
          p.name(),
          100 * p.coverage(),
          p.operators());
    }
    Map<String, GpuCheckResult.Fallback> distinct = new LinkedHashMap<>();
    r.phases()
        .forEach(
            p -> p.fallbacks().forEach(f -> distinct.putIfAbsent(f.operator() + f.reason(), f)));
    if (!distinct.isEmpty()) {
      out.println("Stays on CPU:");
    }
    for (GpuCheckResult.Fallback f : distinct.values()) {
      String reason =
          f.reason().length() > 300 ? f.reason().substring(0, 300) + " ..." : f.reason();
      out.printf(
          "  %s [%s%s]: %s%n",
          f.operator(), f.cause(), f.byLepton() ? ", Lepton's code" : "", reason);
      if (!f.suggestion().isEmpty()) {
        out.printf("    fix: %s%n", f.suggestion());
      }
    }
    r.notes().forEach(n -> out.println("Note: " + n));
    out.println(
        "Nothing ran on a GPU: this is what the RAPIDS Accelerator would do with these plans.");
  }
}
