package ai.lepton.reconcile;

import ai.lepton.internal.Text;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@code lepton reconcile} prints: {@link ReconcileResult#summary()}. */
final class ReconcileSummary {

  private ReconcileSummary() {}

  /** The reconcile summary: outcome, per-source accounting, key counts and the tables. */
  static void print(ReconcileResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Reconcile %s %s in %.1fs%s%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.dryRun() ? " (dry run: no table written)" : "");
    if (r.repeats() != null) {
      out.printf(
          Locale.ROOT,
          "  repeats    run %s: no file, setting or golden version changed since; its counts"
              + " below, its rows appended again under this run%n",
          r.repeats());
    }
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
          Text.bytes(s.bytesRead()),
          s.filesSkipped(),
          Text.bytes(s.bytesSkipped()));
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
    schema(r.schema(), out);
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
            : g.skippedAsRetry()
                ? String.format(
                    Locale.ROOT,
                    "skipped by Delta: run number %d was committed by an earlier attempt of this"
                        + " run; the %,d changes found now are applied by the next run",
                    g.txnVersion(),
                    g.pendingChanges())
                : "no change");
    out.printf(
        Locale.ROOT,
        "  discrepancies %s (+%,d rows)%n",
        r.discrepancies().uri(),
        r.discrepancies().rows());
    out.printf(
        Locale.ROOT, "  quarantine %s (+%,d rows)%n", r.quarantine().uri(), r.quarantine().rows());
    budget(r.gate(), out);
  }

  /**
   * The schema lines of a reconcile summary: columns by role, then each column that some source
   * lacks, holds in a narrower type, names otherwise ({@code sources[i].columns}) or computes
   * ({@code sources[i].transform}), and each ignored column.
   */
  private static void schema(ReconcileResult.Schema schema, PrintWriter out) {
    Map<String, Long> roles =
        schema.columns().stream()
            .collect(
                Collectors.groupingBy(
                    ReconcileResult.SchemaColumn::role,
                    java.util.LinkedHashMap::new,
                    Collectors.counting()));
    out.printf(
        Locale.ROOT,
        "  schema     %d columns: %s%n",
        schema.columns().size(),
        roles.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ")));
    for (ReconcileResult.SchemaColumn c : schema.columns()) {
      List<String> notes = new java.util.ArrayList<>();
      if (!c.widenedIn().isEmpty()) {
        notes.add(
            c.sourceTypes().entrySet().stream()
                    .map(e -> e.getValue() + " in " + e.getKey())
                    .collect(Collectors.joining(", "))
                + ", compared as "
                + c.alignedType());
      }
      c.mappedFrom().forEach((source, own) -> notes.add("'" + own + "' in " + source));
      c.transforms()
          .forEach(
              (source, expression) -> notes.add("computed in " + source + " as " + expression));
      if (c.role().equals("ignored")) {
        notes.add("ignored (carried, not compared)");
      } else if (!c.missingIn().isEmpty()) {
        notes.add("missing in " + String.join(", ", c.missingIn()) + " (null there)");
      }
      if (!notes.isEmpty()) {
        out.printf(Locale.ROOT, "  %-10s %s: %s%n", "", c.name(), String.join("; ", notes));
      }
    }
  }

  /** The budgets' outcome: within them, or which one stopped the run and by how much. */
  private static void budget(ReconcileResult.Gate g, PrintWriter out) {
    if (!g.passed()) {
      out.printf(
          Locale.ROOT,
          "  GATE FAILED: %s%n",
          g.message() != null
              ? g.message()
              : String.format(
                  Locale.ROOT,
                  "%.2f%% of keys conflict, above max-conflict-ratio %.2f%%; golden left unchanged",
                  g.conflictRatio() * 100,
                  g.maxConflictRatio() * 100));
      return;
    }
    out.printf(
        Locale.ROOT,
        "  budgets    %,d conflicting keys (%.2f%%): within max-conflicts %s and"
            + " max-conflict-ratio %.2f%%%n",
        g.conflicts(),
        g.conflictRatio() * 100,
        g.maxConflicts() < 0 ? "(no limit)" : String.format(Locale.ROOT, "%,d", g.maxConflicts()),
        g.maxConflictRatio() * 100);
  }
}
