package ai.lepton.export;

import ai.lepton.internal.Text;
import java.io.PrintWriter;
import java.util.Locale;

/** What {@code lepton export} prints: {@link ExportResult#summary()}. */
final class ExportSummary {

  private ExportSummary() {}

  /** Where each artifact is, what was uploaded, and what is left to do. */
  static void print(ExportResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Export %s %s in %.1fs: %s %s%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.model().name(),
        r.model().version());
    out.println("  " + r.message());
    for (ExportResult.Target t : r.targets()) {
      out.printf(
          Locale.ROOT,
          "  %-10s %-9s %s%n",
          t.name(),
          t.type(),
          t.upToDate()
              ? "already published, nothing uploaded"
              : String.format(
                  Locale.ROOT,
                  "%d of %d files uploaded (%s), every SHA-256 verified",
                  t.filesUploaded(),
                  t.files(),
                  Text.bytes(t.uploadedBytes())));
      out.printf(Locale.ROOT, "  %-10s artifact  %s%n", "", t.artifact());
      out.printf(Locale.ROOT, "  %-10s manifest  %s%n", "", t.manifest());
    }
    for (ExportResult.Route route : r.routing()) {
      out.printf(
          Locale.ROOT, "  routing    %-10s %3d%% of traffic%n", route.target(), route.percent());
    }
    r.notes().forEach(n -> out.println("Note: " + n));
  }
}
