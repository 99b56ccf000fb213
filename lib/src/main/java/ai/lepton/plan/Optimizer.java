package ai.lepton.plan;

import ai.lepton.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Enumerates every cluster the catalog allows (worker type and region, platform, spot or on demand,
 * node count), drops those a constraint rules out while counting which constraint dropped how many,
 * and ranks the best node count of each remaining shape.
 */
final class Optimizer {

  /**
   * A constraint, in the order they are checked; each candidate is counted by the first it fails.
   */
  enum Check {
    CLOUDS("clouds"),
    REGIONS("regions"),
    PLATFORMS("platforms"),
    ALLOW_GPU("allow-gpu"),
    GPU_TYPES("gpu-types"),
    MIN_MEMORY("min-memory-gib-per-core"),
    SPOT("spot"),
    EXECUTOR_FIT("executor-fit"),
    MIN_GPUS("min-gpus"),
    DEADLINE("deadline-hours"),
    MAX_HOURLY("max-hourly-cost"),
    MAX_TOTAL("max-total-cost");

    final String name;

    Check(String name) {
      this.name = name;
    }
  }

  /** What the search found. */
  record Outcome(
      List<Candidate> ranked,
      long candidates,
      long shapes,
      Map<Check, Long> removed,
      Map<Check, String> closest) {}

  private final PriceCatalog catalog;
  private final PlanConfig config;
  private final PlanConfig.Constraints limits;
  private final Workload workload;
  private final Throughput throughput;

  Optimizer(PriceCatalog catalog, PlanConfig config, Workload workload, Throughput throughput) {
    this.catalog = catalog;
    this.config = config;
    this.limits = config.constraints();
    this.workload = workload;
    this.throughput = throughput;
    checkNames();
  }

  /** The comparator of {@code lepton.plan.rank-by}. */
  static Comparator<Candidate> ranking(PlanConfig.RankBy rankBy) {
    Comparator<Candidate> cost = Comparator.comparingDouble(Candidate::total);
    Comparator<Candidate> time = Comparator.comparingDouble(Candidate::expectedHours);
    Comparator<Candidate> first = rankBy == PlanConfig.RankBy.TIME ? time : cost;
    Comparator<Candidate> second = rankBy == PlanConfig.RankBy.TIME ? cost : time;
    return first
        .thenComparing(second)
        .thenComparing(c -> c.shape().offer().location().toString())
        .thenComparing(c -> c.shape().platform())
        .thenComparing(c -> c.shape().offer().name());
  }

  Outcome run() {
    Map<Check, Long> removed = new LinkedHashMap<>();
    Map<Check, String> closest = new LinkedHashMap<>();
    for (Check c : Check.values()) {
      removed.put(c, 0L);
    }
    Comparator<Candidate> order = ranking(config.rankBy());
    Map<Check, Candidate> nearest = new LinkedHashMap<>();
    List<Candidate> best = new ArrayList<>();
    long candidates = 0;
    long shapes = 0;
    int perShape = limits.maxNodes() - limits.minNodes() + 1;
    double inputGb = workload.inputGb();
    for (InstanceOffer offer : catalog.offers()) {
      for (Platform platform : Platform.values()) {
        if (!catalog.fees().runsOn(platform, offer.cloud())) {
          continue;
        }
        for (boolean spot :
            offer.spotPerHour().isPresent() ? List.of(false, true) : List.of(false)) {
          shapes++;
          candidates += perShape;
          Optional<Check> failed = shapeCheck(offer, platform, spot);
          if (failed.isPresent()) {
            removed.merge(failed.get(), (long) perShape, Long::sum);
            continue;
          }
          Shape shape = shape(offer, platform, spot);
          Candidate chosen = null;
          for (int n = limits.minNodes(); n <= limits.maxNodes(); n++) {
            Candidate c = shape.at(n, inputGb);
            Optional<Check> fails = nodeCheck(c, nearest);
            if (fails.isPresent()) {
              removed.merge(fails.get(), 1L, Long::sum);
            } else if (chosen == null || order.compare(c, chosen) < 0) {
              chosen = c;
            }
          }
          if (chosen != null) {
            best.add(chosen);
          }
        }
      }
    }
    nearest.forEach((check, c) -> closest.put(check, closestText(check, c)));
    best.sort(order);
    return new Outcome(List.copyOf(best), candidates, shapes, removed, closest);
  }

  private Optional<Check> shapeCheck(InstanceOffer o, Platform platform, boolean spot) {
    if (!limits.clouds().isEmpty() && !limits.clouds().contains(o.cloud())) {
      return Optional.of(Check.CLOUDS);
    }
    if (!limits.regions().isEmpty() && !limits.regions().contains(o.region())) {
      return Optional.of(Check.REGIONS);
    }
    if (!limits.platforms().contains(platform)) {
      return Optional.of(Check.PLATFORMS);
    }
    if (o.hasGpu() && !limits.allowGpu()) {
      return Optional.of(Check.ALLOW_GPU);
    }
    if (!limits.gpuTypes().isEmpty() && !limits.gpuTypes().contains(o.gpuName())) {
      return Optional.of(Check.GPU_TYPES);
    }
    if (o.memoryGibPerCore() < limits.minMemoryGibPerCore()) {
      return Optional.of(Check.MIN_MEMORY);
    }
    if (spot && !limits.spot()) {
      return Optional.of(Check.SPOT);
    }
    if (ExecutorLayout.of(o, config).isEmpty()) {
      return Optional.of(Check.EXECUTOR_FIT);
    }
    if (limits.minGpus() > 0 && o.gpuCount() * limits.maxNodes() < limits.minGpus()) {
      return Optional.of(Check.MIN_GPUS);
    }
    return Optional.empty();
  }

  private Optional<Check> nodeCheck(Candidate c, Map<Check, Candidate> nearest) {
    if (c.gpus() < limits.minGpus()) {
      return Optional.of(Check.MIN_GPUS);
    }
    if (fails(Check.DEADLINE, limits.deadlineHours(), c, Candidate::expectedHours, nearest)) {
      return Optional.of(Check.DEADLINE);
    }
    if (fails(Check.MAX_HOURLY, limits.maxHourlyCost(), c, Candidate::hourlyCost, nearest)) {
      return Optional.of(Check.MAX_HOURLY);
    }
    if (fails(Check.MAX_TOTAL, limits.maxTotalCost(), c, Candidate::total, nearest)) {
      return Optional.of(Check.MAX_TOTAL);
    }
    return Optional.empty();
  }

  private static boolean fails(
      Check check,
      double limit,
      Candidate c,
      java.util.function.ToDoubleFunction<Candidate> value,
      Map<Check, Candidate> nearest) {
    if (limit <= 0) {
      return false;
    }
    Candidate seen = nearest.get(check);
    if (seen == null || value.applyAsDouble(c) < value.applyAsDouble(seen)) {
      nearest.put(check, c);
    }
    return value.applyAsDouble(c) > limit;
  }

  private String closestText(Check check, Candidate c) {
    return switch (check) {
      case DEADLINE ->
          String.format(
              Locale.ROOT,
              "fastest candidate checked: %s h (%s)",
              Explain.trim(Math.round(c.expectedHours() * 1000) / 1000.0),
              c.describe());
      case MAX_HOURLY ->
          String.format(
              Locale.ROOT,
              "cheapest per hour checked: %s/h (%s)",
              Money.usd(Money.cents(c.hourlyCost())),
              c.describe());
      case MAX_TOTAL ->
          String.format(
              Locale.ROOT,
              "cheapest run checked: %s (%s)",
              Money.usd(Money.cents(c.total())),
              c.describe());
      default -> "";
    };
  }

  private Shape shape(InstanceOffer offer, Platform platform, boolean spot) {
    InstanceOffer driver = driver(offer.location());
    List<Shape.EgressLine> egress = egress(offer.location());
    return new Shape(
        offer,
        platform,
        spot,
        ExecutorLayout.of(offer, config).orElseThrow(),
        driver,
        catalog.fees().hourly(platform, offer),
        catalog.fees().hourly(platform, driver),
        nodeGbPerHour(offer),
        config.startupMinutes().get(platform) / 60.0,
        config.spotExpectedRework(),
        egress,
        egress.stream().mapToDouble(Shape.EgressLine::usd).sum());
  }

  /** Input one worker processes per hour. */
  double nodeGbPerHour(InstanceOffer offer) {
    ExecutorLayout layout = ExecutorLayout.of(offer, config).orElseThrow();
    if (!offer.hasGpu()) {
      return layout.coresPerNode() * throughput.gbPerCoreHour();
    }
    double speedup = gpuSpeedup(throughput, config, offer.gpuName());
    int cores = Math.min(layout.coresPerExecutor(), config.gpu().maxCoresPerGpu());
    return layout.executorsPerNode() * cores * throughput.gbPerCoreHour() * speedup;
  }

  /**
   * The speedup of a GPU executor over its cores on CPU for a GPU model: the job's speedup on a T4
   * scaled by the model's relative speed ({@code 1 + (s - 1) x relative speed}).
   */
  static double gpuSpeedup(Throughput throughput, PlanConfig config, String gpuName) {
    double s = throughput.gpuSpeedup();
    return s >= 1 ? 1 + (s - 1) * config.gpu().relativeSpeed(gpuName) : s;
  }

  private List<Shape.EgressLine> egress(Location cluster) {
    List<Shape.EgressLine> lines = new ArrayList<>();
    for (Workload.DataSource source : workload.sources()) {
      double rate = catalog.egressUsdPerGb(source.location(), cluster);
      lines.add(new Shape.EgressLine(source, rate, rate * source.sizeGb()));
    }
    return List.copyOf(lines);
  }

  private InstanceOffer driver(Location where) {
    String key = PlanConfig.PREFIX + ".driver." + where.cloud();
    String type = config.driverInstance().getOrDefault(where.cloud(), "").trim();
    if (type.isEmpty()) {
      throw new ConfigException(
          key + " is not set: name the driver node type for " + where.cloud() + " clusters.");
    }
    return catalog
        .offer(where.cloud(), where.region(), type)
        .orElseThrow(
            () ->
                new ConfigException(
                    key
                        + " = \""
                        + type
                        + "\" is not in the price catalog for "
                        + where
                        + ". Name a type the catalog lists there, or leave the region out with"
                        + " lepton.plan.constraints.regions."));
  }

  private void checkNames() {
    Set<String> clouds = new TreeSet<>();
    Set<String> regions = new TreeSet<>();
    Set<String> gpus = new TreeSet<>();
    for (InstanceOffer o : catalog.offers()) {
      clouds.add(o.cloud());
      regions.add(o.region());
      if (o.hasGpu()) {
        gpus.add(o.gpuName());
      }
    }
    unknown("clouds", limits.clouds(), clouds::contains, clouds);
    unknown("regions", limits.regions(), regions::contains, regions);
    unknown("gpu-types", limits.gpuTypes(), gpus::contains, gpus);
  }

  private static void unknown(
      String name, List<String> given, Predicate<String> known, Set<String> all) {
    Set<String> bad = new LinkedHashSet<>();
    for (String g : given) {
      if (!known.test(g)) {
        bad.add(g);
      }
    }
    if (!bad.isEmpty()) {
      throw new ConfigException(
          PlanConfig.PREFIX
              + ".constraints."
              + name
              + " names "
              + String.join(", ", bad)
              + ", which the price catalog does not have. It has: "
              + String.join(", ", all)
              + ".");
    }
  }
}
