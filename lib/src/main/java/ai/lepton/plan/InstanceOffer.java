package ai.lepton.plan;

import java.util.OptionalDouble;

/**
 * One instance type in one region, as the price catalog offers it. GCP GPU machines are already
 * paired with their accelerator (price and GPUs included).
 *
 * @param name the type as the plan names it, e.g. {@code m6i.8xlarge} or {@code n1-standard-8+T4x1}
 * @param machineType the cloud's machine type, e.g. {@code n1-standard-8}
 * @param gpuName GPU model, empty for CPU-only types
 * @param gpuMemoryGib memory per GPU, 0 when the catalog does not say
 * @param spotPerHour the spot price, empty when there is no spot offer
 * @param origin the catalog file and line(s) this offer comes from
 */
public record InstanceOffer(
    String cloud,
    String region,
    String name,
    String machineType,
    int vcpus,
    double memoryGib,
    String gpuName,
    int gpuCount,
    double gpuMemoryGib,
    double onDemandPerHour,
    OptionalDouble spotPerHour,
    String origin) {

  /** True when the type has GPUs. */
  public boolean hasGpu() {
    return gpuCount > 0;
  }

  /** Where instances of this offer run. */
  public Location location() {
    return new Location(cloud, region);
  }

  /** The hourly price on the spot market or on demand. */
  public double pricePerHour(boolean spot) {
    return spot ? spotPerHour.orElseThrow() : onDemandPerHour;
  }

  /** Memory per vCPU. */
  public double memoryGibPerCore() {
    return memoryGib / vcpus;
  }
}
