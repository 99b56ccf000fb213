package ai.lepton.plan;

import ai.lepton.plan.CandidateChecks.Check;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enumerates every cluster the catalog allows (worker type and region, platform, spot or on demand,
 * node count), drops those a constraint rules out while counting which constraint dropped how many,
 * and ranks the best node count of each remaining shape. The constraints are {@link
 * CandidateChecks}; the prices of a shape come from {@link ShapePricer}.
 */
final class Optimizer {

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
  private final ShapePricer pricer;

  Optimizer(PriceCatalog catalog, PlanConfig config, Workload workload, Throughput throughput) {
    this.catalog = catalog;
    this.config = config;
    this.limits = config.constraints();
    this.workload = workload;
    this.pricer = new ShapePricer(catalog, config, workload, throughput);
    CandidateChecks.checkNames(catalog, limits);
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
    for (Check c : Check.values()) {
      removed.put(c, 0L);
    }
    Comparator<Candidate> order = ranking(config.rankBy());
    CandidateChecks checks = new CandidateChecks(config);
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
          Optional<Check> failed = checks.shape(offer, platform, spot);
          if (failed.isPresent()) {
            removed.merge(failed.get(), (long) perShape, Long::sum);
            continue;
          }
          Shape shape = pricer.shape(offer, platform, spot);
          Candidate chosen = null;
          for (int n = limits.minNodes(); n <= limits.maxNodes(); n++) {
            Candidate c = shape.at(n, inputGb);
            Optional<Check> fails = checks.node(c);
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
    best.sort(order);
    return new Outcome(List.copyOf(best), candidates, shapes, removed, checks.closest());
  }
}
