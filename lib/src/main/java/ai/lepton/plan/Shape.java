package ai.lepton.plan;

import java.util.List;

/**
 * A cluster shape before its node count is chosen: worker type, platform, spot or on demand, with
 * everything about it that does not depend on how many workers there are.
 *
 * @param nodeGbPerHour input one worker processes per hour
 * @param egress what reading each source costs from this shape's region
 * @param egressUsd the sum of {@code egress}
 */
record Shape(
    InstanceOffer offer,
    Platform platform,
    boolean spot,
    ExecutorLayout layout,
    InstanceOffer driver,
    PlatformFees.Fee workerFee,
    PlatformFees.Fee driverFee,
    double nodeGbPerHour,
    double startupHours,
    double spotRework,
    List<EgressLine> egress,
    double egressUsd) {

  /** Reading one source from this shape's region. */
  record EgressLine(Workload.DataSource source, double usdPerGb, double usd) {}

  /** The worker price per hour. */
  double workerPrice() {
    return offer.pricePerHour(spot);
  }

  /** What the cluster costs per hour with {@code nodes} workers: workers, driver and fees. */
  double hourlyCost(int nodes) {
    return nodes * (workerPrice() + workerFee.usdPerHour())
        + driver.onDemandPerHour()
        + driverFee.usdPerHour();
  }

  /** The estimate with {@code nodes} workers for {@code inputGb} of input. */
  Candidate at(int nodes, double inputGb) {
    double work = inputGb / (nodes * nodeGbPerHour);
    double expectedWork = spot ? work * (1 + spotRework) : work;
    double hours = startupHours + expectedWork;
    Candidate.Costs costs =
        new Candidate.Costs(
            nodes * workerPrice() * hours,
            driver.onDemandPerHour() * hours,
            (nodes * workerFee.usdPerHour() + driverFee.usdPerHour()) * hours,
            egressUsd);
    return new Candidate(this, nodes, work, hours, hourlyCost(nodes), costs);
  }
}
