package ai.lepton.plan;

/**
 * Where a plan's throughput figures come from. Lepton's default reads documented defaults from
 * {@code lepton.plan.throughput.<job>} ({@link ConfiguredThroughput}); a source backed by the runs
 * table (median of the last successful runs of the job, GPU speedup from gpu-check) can be given to
 * {@link PlanAction#throughput(ThroughputSource)} instead.
 */
@FunctionalInterface
public interface ThroughputSource {

  /** The throughput of {@code job} (one of {@link PlanConfig#JOBS}). */
  Throughput forJob(String job);
}
