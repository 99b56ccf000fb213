package ai.lepton.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a ranked {@link Candidate} into the reported {@link Plan}, with why it ranks there. */
final class Explain {

  private final PlanConfig config;
  private final Workload workload;
  private final Candidate first;
  private final int feasibleShapes;
  private final Throughput throughput;

  Explain(
      PlanConfig config,
      Workload workload,
      Throughput throughput,
      Candidate first,
      int feasibleShapes) {
    this.config = config;
    this.throughput = throughput;
    this.workload = workload;
    this.first = first;
    this.feasibleShapes = feasibleShapes;
  }

  Plan plan(int rank, Candidate c) {
    Shape s = c.shape();
    InstanceOffer o = s.offer();
    ExecutorLayout layout = s.layout();
    return new Plan(
        rank,
        o.cloud(),
        o.region(),
        s.platform().id(),
        o.name(),
        c.nodes(),
        s.spot(),
        o.hasGpu() ? new Plan.Gpu(o.gpuName(), o.gpuCount()) : null,
        new Plan.Cluster(
            s.driver().name(),
            o.vcpus(),
            o.memoryGib(),
            c.nodes() * layout.executorsPerNode(),
            layout.coresPerExecutor(),
            layout.heap(),
            layout.overhead()),
        Math.round(c.expectedHours() * 1000) / 1000.0,
        Money.cents(c.hourlyCost()),
        Money.cents(c.total()),
        new Plan.CostBreakdown(
            Money.cents(c.costs().workers()),
            Money.cents(c.costs().driver()),
            Money.cents(c.costs().platformFee()),
            Money.cents(c.costs().egress())),
        why(rank, c));
  }

  String why(int rank, Candidate c) {
    List<String> parts = new ArrayList<>();
    parts.add(standing(rank, c));
    nodes(c, parts);
    Shape s = c.shape();
    InstanceOffer o = s.offer();
    if (s.spot()) {
      parts.add(
          String.format(
              Locale.ROOT,
              "spot at %s/h vs %s/h on demand, +%d%% expected rework",
              Money.usd(o.spotPerHour().getAsDouble()),
              Money.usd(o.onDemandPerHour()),
              Math.round(config.spotExpectedRework() * 100)));
    }
    if (o.hasGpu()) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%d x %s per node, each executor x%.1f its cores on CPU",
              o.gpuCount(),
              o.gpuName(),
              ShapePricer.gpuSpeedup(throughput, config, o.gpuName())));
    }
    parts.add(egress(c));
    parts.add(fee(s));
    return String.join("; ", parts);
  }

  private String standing(int rank, Candidate c) {
    boolean byTime = config.rankBy() == PlanConfig.RankBy.TIME;
    if (rank == 1) {
      return (byTime ? "fastest" : "cheapest")
          + " of "
          + feasibleShapes
          + " cluster shape"
          + (feasibleShapes == 1 ? "" : "s")
          + " that meet the constraints";
    }
    double extra = c.total() - first.total();
    String cost =
        String.format(
            Locale.ROOT,
            "%s%s (%+.0f%%) vs #1",
            extra >= 0 ? "+" : "-",
            Money.usd(Money.cents(Math.abs(extra))),
            first.total() > 0 ? extra / first.total() * 100 : 0);
    double sooner = first.expectedHours() - c.expectedHours();
    if (Math.abs(sooner) < 0.005) {
      return cost;
    }
    return cost
        + String.format(
            Locale.ROOT, ", %.2f h %s", Math.abs(sooner), sooner > 0 ? "sooner" : "later");
  }

  private void nodes(Candidate c, List<String> parts) {
    PlanConfig.Constraints limits = config.constraints();
    double deadline = limits.deadlineHours();
    if (deadline > 0
        && c.nodes() > limits.minNodes()
        && c.shape().at(c.nodes() - 1, workload.inputGb()).expectedHours() > deadline) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%d nodes: the fewest that finish within the %s h deadline",
              c.nodes(),
              trim(deadline)));
    } else if (c.nodes() == limits.maxNodes() && limits.maxNodes() > limits.minNodes()) {
      parts.add(c.nodes() + " nodes: lepton.plan.constraints.max-nodes");
    }
  }

  private String egress(Candidate c) {
    List<String> paid = new ArrayList<>();
    for (Shape.EgressLine line : c.shape().egress()) {
      if (line.usd() > 0) {
        paid.add(
            String.format(
                Locale.ROOT,
                "%s GB from %s at %s/GB",
                trim(line.source().sizeGb()),
                line.source().location(),
                Money.usd(line.usdPerGb())));
      }
    }
    if (paid.isEmpty()) {
      return "no egress: the input is read in " + c.shape().offer().location();
    }
    return "egress " + Money.usd(Money.cents(c.costs().egress())) + ": " + String.join(", ", paid);
  }

  private static String fee(Shape s) {
    PlatformFees.Fee f = s.workerFee();
    return s.platform().id()
        + " fee "
        + f.how()
        + " per node"
        + ("estimate".equals(f.basis()) ? " (estimate)" : "");
  }

  /** A number without trailing zeros, at most three decimals: 2, 0.8, 0.034. */
  static String trim(double value) {
    return java.math.BigDecimal.valueOf(value)
        .setScale(3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
