package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.monitor.Finding;
import ai.lepton.monitor.MonitorConfig;
import ai.lepton.monitor.MonitorResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code lepton monitor}: the monitor action on the command line. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Compare the rows a model was trained on (lepton.monitor.model, default the last trained)",
      "with a newer version of its table: PSI and KS per numeric feature, PSI and unseen",
      "categories per categorical feature, null-rate change, the model's score and the label.",
      "Appends the findings to lepton.monitor.drift-table and records the run.",
      "Exit 0 no drift, 1 a statistic is above its threshold (lepton.monitor.thresholds),",
      "2 bad config, 3 run-time failure (no model, table version gone, ...)."
    })
final class MonitorCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    MonitorConfig.from(config);
    return Jobs.run(
        "monitor",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          return Lepton.with(spark)
              .monitor(config)
              .progress(Jobs.progress("monitor", spark, config, spec))
              .execute();
        },
        result -> summary(result, spec.commandLine().getOut()),
        result -> result.drifted() ? Main.GATE_FAILED : Main.OK);
  }

  /** The monitor summary: what was compared, every statistic worst first, and the verdict. */
  static void summary(MonitorResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Monitor %s %s in %.1fs: model %s (%s) trained on %s @ version %d, compared with %s"
            + " @ version %d%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.model().name(),
        r.model().algorithm(),
        r.training().table(),
        r.training().version(),
        r.current().table(),
        r.current().version());
    out.printf(
        Locale.ROOT,
        "  rows        training split %,d, current %,d%n",
        r.training().rows(),
        r.current().rows());
    out.printf(
        Locale.ROOT,
        "  %-14s %-12s %-17s %9s %10s  %s%n",
        "feature",
        "kind",
        "statistic",
        "value",
        "threshold",
        "verdict");
    for (Finding f : r.findings()) {
      out.printf(
          Locale.ROOT,
          "  %-14s %-12s %-17s %9.4f %10s  %s%n",
          f.feature(),
          f.kind(),
          f.statistic(),
          f.value(),
          trim(f.threshold()),
          f.drifted() ? "DRIFT" : "ok");
    }
    out.printf(Locale.ROOT, "  drift table %s%n", r.driftTable());
    out.println(r.message());
    out.flush();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
