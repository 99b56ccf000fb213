package ai.lepton.plan;

/**
 * One ranked cluster plan, as reported: where it runs, its shape, and its expected time and cost.
 *
 * @param rank 1 for the best plan
 * @param instanceType the worker type
 * @param nodes worker nodes (the driver comes on top, see {@link Cluster#driverInstanceType()})
 * @param spot true when the workers are spot (preemptible) instances
 * @param gpu the workers' GPUs, null for CPU workers
 * @param estimatedHours expected hours from cluster request to finish (start-up, spot rework)
 * @param hourlyCost USD per hour of workers, driver and platform fees
 * @param estimatedCost expected total USD, egress included
 * @param why why this plan is where it is in the ranking, and what drives its cost
 */
public record Plan(
    int rank,
    String cloud,
    String region,
    String platform,
    String instanceType,
    int nodes,
    boolean spot,
    Gpu gpu,
    Cluster cluster,
    double estimatedHours,
    double hourlyCost,
    double estimatedCost,
    CostBreakdown costBreakdown,
    String why) {

  /** GPUs per worker node. */
  public record Gpu(String name, int perNode) {}

  /** How Spark runs on the cluster. */
  public record Cluster(
      String driverInstanceType,
      int vcpusPerNode,
      double memoryGibPerNode,
      int executors,
      int coresPerExecutor,
      String executorMemory,
      String executorMemoryOverhead) {}

  /**
   * Expected USD by where it goes: worker instances, driver instance, platform fees (EMR, DBUs,
   * Dataproc) and egress for data read from other regions or clouds.
   */
  public record CostBreakdown(double workers, double driver, double platformFee, double egress) {}
}
