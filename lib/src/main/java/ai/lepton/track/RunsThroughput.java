package ai.lepton.track;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.plan.ConfiguredThroughput;
import ai.lepton.plan.Throughput;
import ai.lepton.plan.ThroughputSource;
import ai.lepton.storage.ObjectStores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Throughput measured by past runs: per core, the median bytes/s (as GB per core-hour, what a plan
 * uses) and rows/s of the last successful runs of a job that recorded {@code bytesRead}, {@code
 * cores} and {@code durationMs} (reconcile does). With fewer than {@code minRuns} such runs, and
 * for the GPU speedup, the fallback (the configured defaults) is used; the throughput's {@code
 * source} says which, and why.
 */
public final class RunsThroughput implements ThroughputSource {

  private final RunsTable runs;
  private final ThroughputSource fallback;
  private final int lastN;
  private final int minRuns;

  /**
   * Throughput from the last {@code lastN} runs in {@code runs} when there is one, else fallback.
   */
  public RunsThroughput(RunsTable runs, ThroughputSource fallback, int lastN) {
    this(runs, fallback, lastN, 1);
  }

  /**
   * Throughput from the last {@code lastN} runs in {@code runs} when there are at least {@code
   * minRuns}, else {@code fallback}.
   */
  public RunsThroughput(RunsTable runs, ThroughputSource fallback, int lastN, int minRuns) {
    this.runs = runs;
    this.fallback = fallback;
    this.lastN = lastN;
    this.minRuns = Math.max(1, minRuns);
  }

  /**
   * The throughput source {@code lepton plan} uses ({@code lepton.plan.runs}): the runs table of
   * {@code config} when it is enabled and exists (then {@code spark} is asked for a session), else
   * the configured defaults with a note saying why.
   */
  public static ThroughputSource forPlan(LeptonConfig config, Supplier<SparkSession> spark) {
    ThroughputSource configured = new ConfiguredThroughput(config);
    Settings s = Settings.at(config.raw(), "lepton.plan.runs");
    if (!s.bool("enabled")) {
      return noted(configured, "lepton.plan.runs.enabled = false");
    }
    String uri = RunsTable.uri(config);
    if (!tableExists(config, uri)) {
      return noted(configured, "no runs table at " + uri + " (lepton.track.runs)");
    }
    return new RunsThroughput(
        RunsTable.at(spark.get(), config),
        configured,
        (int) s.whole("last"),
        (int) s.whole("min-runs"));
  }

  @Override
  public Throughput forJob(String job) {
    Throughput base = fallback.forJob(job);
    List<Double> gbPerCoreHour = new ArrayList<>();
    List<Double> rowsPerSecond = new ArrayList<>();
    for (RunRecord r : runs.list(job, lastN * 3)) {
      Double bytes = r.metrics().get("bytesRead");
      Double cores = r.metrics().get("cores");
      Double ms = r.metrics().get("durationMs");
      if (!JobResult.Status.SUCCEEDED.word().equals(r.status())
          || bytes == null
          || cores == null
          || ms == null) {
        continue;
      }
      if (bytes > 0 && cores > 0 && ms > 0) {
        double coreSeconds = cores * ms / 1000.0;
        gbPerCoreHour.add(bytes / 1e9 / (coreSeconds / 3600.0));
        Double rows = r.metrics().get("rowsRead");
        if (rows != null && rows > 0) {
          rowsPerSecond.add(rows / coreSeconds);
        }
      }
      if (gbPerCoreHour.size() == lastN) {
        break;
      }
    }
    int n = gbPerCoreHour.size();
    if (n < minRuns) {
      return new Throughput(
          base.gbPerCoreHour(),
          base.gpuSpeedup(),
          String.format(
              Locale.ROOT,
              "%s; %d successful %s run%s with bytesRead, cores and durationMs in %s, fewer than"
                  + " lepton.plan.runs.min-runs = %d",
              base.source(),
              n,
              job,
              n == 1 ? "" : "s",
              runs.uri(),
              minRuns));
    }
    double perCoreHour = median(gbPerCoreHour);
    String rows =
        rowsPerSecond.isEmpty()
            ? ""
            : String.format(Locale.ROOT, ", %,.0f rows/s", median(rowsPerSecond));
    return new Throughput(
        perCoreHour,
        base.gpuSpeedup(),
        String.format(
            Locale.ROOT,
            "median of the last %d successful %s runs in %s (per core: %s/s%s); GPU speedup: %s",
            n,
            job,
            runs.uri(),
            bytes(perCoreHour * 1e9 / 3600),
            rows,
            base.source()));
  }

  private static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  private static String bytes(double perSecond) {
    return perSecond >= 1e6
        ? String.format(Locale.ROOT, "%.1f MB", perSecond / 1e6)
        : String.format(Locale.ROOT, "%.1f kB", perSecond / 1e3);
  }

  private static ThroughputSource noted(ThroughputSource source, String note) {
    return job -> {
      Throughput t = source.forJob(job);
      return new Throughput(t.gbPerCoreHour(), t.gpuSpeedup(), t.source() + "; " + note);
    };
  }

  private static boolean tableExists(LeptonConfig config, String uri) {
    String log = (uri.endsWith("/") ? uri : uri + "/") + "_delta_log/";
    try (ObjectStores stores = ObjectStores.from(config)) {
      return !stores.forUri(log).list(log).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
