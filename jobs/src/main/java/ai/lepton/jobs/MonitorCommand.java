package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.monitor.MonitorConfig;
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
        result -> Summaries.print(result, spec.commandLine().getOut()),
        result -> result.drifted() ? Main.GATE_FAILED : Main.OK);
  }
}
