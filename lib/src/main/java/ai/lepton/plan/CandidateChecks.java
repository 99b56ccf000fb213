package ai.lepton.plan;

import ai.lepton.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The constraints of {@code lepton.plan.constraints} as the optimizer checks them: those of a
 * cluster shape, then those of a candidate node count, each candidate counted by the first it
 * fails; for each cost or time limit, the candidate that came closest to it.
 */
final class CandidateChecks {

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

  private final PlanConfig config;
  private final PlanConfig.Constraints limits;
  private final Map<Check, Candidate> nearest = new LinkedHashMap<>();

  CandidateChecks(PlanConfig config) {
    this.config = config;
    this.limits = config.constraints();
  }

  /** The first constraint a cluster shape fails, whatever its node count. */
  Optional<Check> shape(InstanceOffer o, Platform platform, boolean spot) {
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

  /** The first constraint a candidate fails; remembers, per limit, the candidate closest to it. */
  Optional<Check> node(Candidate c) {
    if (c.gpus() < limits.minGpus()) {
      return Optional.of(Check.MIN_GPUS);
    }
    if (fails(Check.DEADLINE, limits.deadlineHours(), c, Candidate::expectedHours)) {
      return Optional.of(Check.DEADLINE);
    }
    if (fails(Check.MAX_HOURLY, limits.maxHourlyCost(), c, Candidate::hourlyCost)) {
      return Optional.of(Check.MAX_HOURLY);
    }
    if (fails(Check.MAX_TOTAL, limits.maxTotalCost(), c, Candidate::total)) {
      return Optional.of(Check.MAX_TOTAL);
    }
    return Optional.empty();
  }

  private boolean fails(Check check, double limit, Candidate c, ToDoubleFunction<Candidate> value) {
    if (limit <= 0) {
      return false;
    }
    Candidate seen = nearest.get(check);
    if (seen == null || value.applyAsDouble(c) < value.applyAsDouble(seen)) {
      nearest.put(check, c);
    }
    return value.applyAsDouble(c) > limit;
  }

  /** Per limit that removed candidates, the candidate that came closest to it, in words. */
  Map<Check, String> closest() {
    Map<Check, String> closest = new LinkedHashMap<>();
    nearest.forEach((check, c) -> closest.put(check, closestText(check, c)));
    return closest;
  }

  private static String closestText(Check check, Candidate c) {
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

  /**
   * Refuses constraints that name a cloud, region or GPU type the catalog does not have (a typo
   * would otherwise remove every candidate).
   */
  static void checkNames(PriceCatalog catalog, PlanConfig.Constraints limits) {
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
