package ai.lepton.plan;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@code lepton plan} prints: {@link PlanResult#summary()}. */
final class PlanSummary {

  private PlanSummary() {}

  /** The plan summary: the workload, the ranked plans with costs and why, and the files written. */
  static void print(PlanResult r, PrintWriter out) {
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
}
