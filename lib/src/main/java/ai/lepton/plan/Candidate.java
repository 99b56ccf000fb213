package ai.lepton.plan;

/**
 * One cluster the optimizer considered: a {@link Shape} with a node count, and its estimate.
 *
 * @param workHours hours of work without start-up or spot rework
 * @param expectedHours hours from cluster request to finish, start-up and spot rework included
 * @param hourlyCost USD per hour of workers, driver and platform fees
 */
record Candidate(
    Shape shape,
    int nodes,
    double workHours,
    double expectedHours,
    double hourlyCost,
    Costs costs) {

  /** The expected total cost, in USD, by where it goes. */
  record Costs(double workers, double driver, double platformFee, double egress) {

    double total() {
      return workers + driver + platformFee + egress;
    }
  }

  /** Expected total cost. */
  double total() {
    return costs.total();
  }

  /** GPUs over all workers. */
  int gpus() {
    return nodes * shape.offer().gpuCount();
  }

  /** A short description, e.g. {@code 4 x m6i.8xlarge spot on emr in aws/us-east-1}. */
  String describe() {
    InstanceOffer o = shape.offer();
    return nodes
        + " x "
        + o.name()
        + (shape.spot() ? " spot" : "")
        + " on "
        + shape.platform().id()
        + " in "
        + o.location();
  }
}
