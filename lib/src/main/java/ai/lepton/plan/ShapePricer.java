package ai.lepton.plan;

import ai.lepton.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices a cluster shape: its executor layout, the driver node {@code lepton.plan.driver} names,
 * the platform fees of both, the input one worker processes per hour, and the egress of reading
 * every data source from the cluster's region.
 */
record ShapePricer(
    PriceCatalog catalog, PlanConfig config, Workload workload, Throughput throughput) {

  /** The cluster shape of {@code offer} on {@code platform}, priced. */
  Shape shape(InstanceOffer offer, Platform platform, boolean spot) {
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
}
