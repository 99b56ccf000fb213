package ai.lepton.track;

import ai.lepton.plan.Throughput;
import ai.lepton.plan.ThroughputSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Throughput measured by past runs: the median GB per core-hour of the last successful runs of a
 * job that recorded {@code bytesRead}, {@code cores} and {@code durationMs} (reconcile does). Jobs
 * without such runs, and the GPU speedup, come from the fallback (the configured defaults).
 */
public final class RunsThroughput implements ThroughputSource {

  private final RunsTable runs;
  private final ThroughputSource fallback;
  private final int lastN;

  /** Throughput from the last {@code lastN} runs in {@code runs}, else {@code fallback}. */
  public RunsThroughput(RunsTable runs, ThroughputSource fallback, int lastN) {
    this.runs = runs;
    this.fallback = fallback;
    this.lastN = lastN;
  }

  @Override
  public Throughput forJob(String job) {
    Throughput base = fallback.forJob(job);
    List<Double> rates = new ArrayList<>();
    for (RunRecord r : runs.list(job, lastN * 3)) {
      Double bytes = r.metrics().get("bytesRead");
      Double cores = r.metrics().get("cores");
      Double ms = r.metrics().get("durationMs");
      if (!"succeeded".equals(r.status()) || bytes == null || cores == null || ms == null) {
        continue;
      }
      if (bytes > 0 && cores > 0 && ms > 0) {
        rates.add(bytes / 1e9 / (cores * ms / 3_600_000.0));
      }
      if (rates.size() == lastN) {
        break;
      }
    }
    if (rates.isEmpty()) {
      return base;
    }
    Collections.sort(rates);
    int n = rates.size();
    double median = n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
    return new Throughput(
        median,
        base.gpuSpeedup(),
        String.format(
            Locale.ROOT, "median of the last %d successful %s runs in %s", n, job, runs.uri()));
  }
}
