package ai.lepton.reconcile;

import ai.lepton.internal.Text;
import java.io.PrintWriter;
import java.util.Locale;

/** What {@code lepton sync} prints: {@link SyncResult#summary()}. */
final class SyncSummary {

  private SyncSummary() {}

  /** The sync summary: what was written where. */
  static void print(SyncResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Sync of %s (version %d) %s in %.1fs%n",
        r.golden(),
        r.goldenVersion(),
        r.status(),
        r.durationMs() / 1000.0);
    for (SyncResult.WriteBack w : r.writeBacks()) {
      out.printf(
          Locale.ROOT,
          "  %-10s %s%n",
          w.source(),
          w.upToDate()
              ? w.uri() + " already holds this version"
              : String.format(
                  Locale.ROOT,
                  "%s: %,d rows as %s in %d files, %d old files removed",
                  w.uri(),
                  w.rows(),
                  w.format(),
                  w.filesWritten(),
                  w.filesDeleted()));
    }
    for (SyncResult.Mirror m : r.mirrors()) {
      out.printf(
          Locale.ROOT,
          "  mirror     %s: %d files copied (%s), %d already there%n",
          m.uri(),
          m.filesCopied(),
          Text.bytes(m.bytesCopied()),
          m.filesSkipped());
    }
  }
}
