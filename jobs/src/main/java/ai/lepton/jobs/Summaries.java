package ai.lepton.jobs;

import ai.lepton.reconcile.ReconcileResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Short human summaries of job results, for standard output. */
final class Summaries {

  private Summaries() {}

  /** A byte count for people: 512 B, 1.5 MiB, 2.0 GiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** The reconcile summary: outcome, per-source accounting, key counts and the tables. */
  static void reconcile(ReconcileResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Reconcile %s %s in %.1fs%s%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.dryRun() ? " (dry run: no table written)" : "");
    for (ReconcileResult.Source s : r.sources()) {
      out.printf(
          Locale.ROOT,
          "  %-10s %,d rows read: %,d in golden, %,d lost a conflict, %,d duplicates, %,d quarantined%n",
          s.name(),
          s.rowsRead(),
          s.rowsInGolden(),
          s.rowsLostConflict(),
          s.duplicateKeys(),
          s.rowsQuarantined());
      out.printf(
          Locale.ROOT,
          "  %-10s %,d files read (%s), %,d unchanged files skipped (%s)%n",
          "",
          s.filesRead(),
          bytes(s.bytesRead()),
          s.filesSkipped(),
          bytes(s.bytesSkipped()));
    }
    ReconcileResult.Counts c = r.counts();
    out.printf(
        Locale.ROOT,
        "  keys       %,d: %,d matched, %,d conflicting, missing in %s%n",
        c.keys(),
        c.matched(),
        c.conflicting(),
        c.missing().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", ")));
    ReconcileResult.Golden g = r.golden();
    out.printf(
        Locale.ROOT,
        "  golden     %s (version %d, %,d rows; this run %s)%n",
        g.uri(),
        g.version(),
        g.rows(),
        g.committed()
            ? String.format(
                Locale.ROOT,
                "+%,d inserted, %,d updated, %,d deleted",
                g.inserted(),
                g.updated(),
                g.deleted())
            : "no change");
    out.printf(
        Locale.ROOT,
        "  discrepancies %s (+%,d rows)%n",
        r.discrepancies().uri(),
        r.discrepancies().rows());
    out.printf(
        Locale.ROOT, "  quarantine %s (+%,d rows)%n", r.quarantine().uri(), r.quarantine().rows());
    if (!r.gate().passed()) {
      out.printf(
          Locale.ROOT,
          "  GATE FAILED: %.2f%% of keys conflict, above max-conflict-ratio %.2f%%; golden left"
              + " unchanged%n",
          r.gate().conflictRatio() * 100,
          r.gate().maxConflictRatio() * 100);
    }
  }
}
