package ai.lepton.jobs;

import ai.lepton.distill.DistillResult;
import ai.lepton.gpu.GpuCheckResult;
import ai.lepton.plan.Plan;
import ai.lepton.plan.PlanResult;
import ai.lepton.quantize.QuantizeResult;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.reconcile.SyncResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /** The train summary: outcome, input version, rows, metrics per split and the model. */
  static void train(ai.lepton.train.TrainResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Train %s %s in %.1fs: %s on %s @ version %d%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.algorithm(),
        r.input().table(),
        r.input().version());
    out.printf(
        Locale.ROOT,
        "  rows       train %,d, validation %,d, test %,d; dropped %,d null label, %,d null"
            + " feature, %,d unseen class%n",
        r.rows().train(),
        r.rows().validation(),
        r.rows().test(),
        r.rows().droppedNullLabel(),
        r.rows().droppedNullFeature(),
        r.rows().droppedUnknownClass());
    out.printf(
        Locale.ROOT,
        "  training   %.1fs, %,.0f rows/s%n",
        r.trainingMs() / 1000.0,
        r.rowsPerSecond());
    r.metrics()
        .forEach(
            (split, m) ->
                out.printf(
                    Locale.ROOT,
                    "  %-10s %s%n",
                    split,
                    m.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))));
    out.printf(Locale.ROOT, "  model      %s (%s)%n", r.model().uri(), r.model().format());
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

  /** The reconcile summary: outcome, per-source accounting, key counts and the tables. */
  static void reconcile(ReconcileResult r, PrintWriter out) {
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

  /** The plan summary: the workload, the ranked plans with costs and why, and the files written. */
  static void plan(PlanResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Plan for %s: %s GB (%s), ranked by %s%n",
        r.plannedJob(),
        number(r.inputGb()),
        r.sources().stream()
            .map(
                s ->
                    String.format(
                        Locale.ROOT,
                        "%s %s GB in %s",
                        s.name(),
                        number(s.sizeGb()),
                        s.cloud().equals("local") ? "local" : s.cloud() + "/" + s.region()))
            .collect(Collectors.joining(", ")),
        r.rankBy());
    out.printf(
        Locale.ROOT,
        "  throughput %s GB per core-hour, GPU speedup %s on a T4 (%s)%n",
        number(r.throughput().gbPerCoreHour()),
        number(r.throughput().gpuSpeedup()),
        r.throughput().source());
    out.printf(
        Locale.ROOT,
        "  considered %,d candidates (%,d cluster shapes x node counts); %,d shapes meet the"
            + " constraints%n",
        r.candidates(),
        r.shapes(),
        r.feasibleShapes());
    if (!r.succeeded()) {
      out.println();
      out.println(r.message());
      return;
    }
    for (PlanResult.Removal removal : r.removed()) {
      if (removal.removed() > 0 || !removal.limit().isEmpty()) {
        out.printf(
            Locale.ROOT,
            "    %-24s %-28s removed %,d%n",
            removal.constraint(),
            removal.limit(),
            removal.removed());
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%3s  %-5s %-12s %-10s %-26s %5s %-9s %6s %8s %9s %9s %7s %8s %8s%n",
        "#",
        "cloud",
        "region",
        "platform",
        "instance",
        "nodes",
        "market",
        "hours",
        "$/hour",
        "total $",
        "workers",
        "driver",
        "platform",
        "egress");
    for (Plan p : r.plans()) {
      Plan.CostBreakdown c = p.costBreakdown();
      out.printf(
          Locale.ROOT,
          "%3d  %-5s %-12s %-10s %-26s %5d %-9s %6.2f %8.2f %9.2f %9.2f %7.2f %8.2f %8.2f%n",
          p.rank(),
          p.cloud(),
          p.region(),
          p.platform(),
          p.instanceType(),
          p.nodes(),
          p.spot() ? "spot" : "on-demand",
          p.estimatedHours(),
          p.hourlyCost(),
          p.estimatedCost(),
          c.workers(),
          c.driver(),
          c.platformFee(),
          c.egress());
      out.printf(Locale.ROOT, "     why: %s%n", p.why());
    }
    if (!r.outputs().isEmpty()) {
      Map<Integer, List<String>> byPlan = new LinkedHashMap<>();
      Path dir = Path.of(r.outputs().get(0).file()).getParent();
      for (PlanResult.Output o : r.outputs()) {
        byPlan
            .computeIfAbsent(o.plan(), k -> new java.util.ArrayList<>())
            .add(String.valueOf(Path.of(o.file()).getFileName()));
      }
      out.printf(Locale.ROOT, "%nWrote to %s:%n", dir);
      byPlan.forEach(
          (plan, files) ->
              out.printf(Locale.ROOT, "  plan #%d: %s%n", plan, String.join(", ", files)));
    }
    for (String note : r.notes()) {
      out.printf(Locale.ROOT, "  note: %s%n", note);
    }
    if (!r.catalogNotes().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "  %d price catalog adjustment(s), e.g. spot prices not below on demand taken as no spot"
              + " offer: see catalogNotes in the --report%n",
          r.catalogNotes().size());
    }
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%,.2f", value);
  }

  /** The sync summary: what was written where. */
  static void sync(SyncResult r, PrintWriter out) {
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
          bytes(m.bytesCopied()),
          m.filesSkipped());
    }
  }

  /** The gpu-check summary: coverage per phase and each distinct fallback with its cause. */
  static void gpuCheck(GpuCheckResult r, PrintWriter out) {
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

  /** The quantize summary: outcome, the gate table (fp32 vs int8) and the model written. */
  static void quantize(QuantizeResult r, PrintWriter out) {
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
      out.printf(Locale.ROOT, "  %-22s %14s %14s %10s%n", "", "fp32", "int8", "ratio");
      out.printf(
          Locale.ROOT,
          "  %-22s %14s %14s %9.2fx%n",
          "size",
          bytes(r.fp32().bytes()),
          bytes(r.int8().bytes()),
          g.sizeRatio());
      out.printf(
          Locale.ROOT,
          "  %-22s %14.4f %14.4f %10s%n",
          g.metric() + " (test)",
          r.fp32().metric(),
          r.int8().metric(),
          String.format(Locale.ROOT, "drop %.4f", g.metricDrop()));
      out.printf(Locale.ROOT, "  %-22s %14s %14.4f%n", "agreement", "", g.agreement());
      out.printf(
          Locale.ROOT,
          "  %-22s %,14.0f %,14.0f %9.2fx%n",
          "rows/s per core",
          r.fp32().rowsPerSecondPerCore(),
          r.int8().rowsPerSecondPerCore(),
          g.speedRatio());
      out.printf(
          Locale.ROOT,
          "  gate %s%s%s%n",
          g.passed() ? "passed" : "FAILED",
          g.failures().isEmpty() ? "" : ": " + String.join("; ", g.failures()),
          g.forced() ? " (forced: model kept exportable)" : "");
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

  /** The distill summary: outcome, teacher vs student table, the gate and the student written. */
  static void distill(DistillResult r, PrintWriter out) {
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
    out.printf(Locale.ROOT, "  %-22s %14s %14s %10s%n", "", "teacher", "student", "ratio");
    out.printf(
        Locale.ROOT,
        "  %-22s %14s %14s %9.1fx%n",
        "model size",
        bytes(r.teacher().bytes()),
        bytes(r.student().bytes()),
        g.sizeRatio());
    out.printf(
        Locale.ROOT,
        "  %-22s %14.4f %14.4f %10s%n",
        g.metric() + " (test)",
        r.teacher().metric(),
        r.student().metric(),
        String.format(Locale.ROOT, "drop %.4f", g.metricDrop()));
    out.printf(Locale.ROOT, "  %-22s %14s %14.4f%n", "agreement", "", g.agreement());
    out.printf(
        Locale.ROOT,
        "  %-22s %,14.0f %,14.0f %9.2fx%n",
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
    out.printf(
        Locale.ROOT,
        "  gate %s%s%s%n",
        g.passed() ? "passed" : "FAILED",
        g.failures().isEmpty() ? "" : ": " + String.join("; ", g.failures()),
        g.forced() ? " (forced: model kept exportable)" : "");
    out.printf(
        Locale.ROOT,
        "  student %s (%s)%n",
        r.model().uri(),
        r.model().exportable() ? "exportable" : "NOT exportable");
  }
}
