package ai.lepton.plan;

/**
 * How fast a job type processes its input: GB per executor core and hour on CPU, and how many times
 * faster a GPU executor (on a T4) is than the same cores on CPU.
 *
 * @param source where the figures come from, shown in every plan's explanation
 */
public record Throughput(double gbPerCoreHour, double gpuSpeedup, String source) {}
