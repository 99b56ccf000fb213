package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.reconcile.ReconcileConfig;
import ai.lepton.reconcile.ReconcileResult;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton reconcile}: the reconcile action on the command line. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile the sources of lepton.reconcile into a golden Delta table, appending every",
      "discrepancy and quarantining rows that cannot be read.",
      "Exit 0 done, 1 the conflict gate failed, 2 bad config, 3 run-time failure."
    })
final class ReconcileCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(names = "--dry-run", description = "Compute and report; write no table.")
  boolean dryRun;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description =
          "Also write the report as an HTML page (counts, conflicts per column, samples, schema).")
  java.nio.file.Path html;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    ReconcileConfig.from(config);
    return Jobs.run(
        "reconcile",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          ReconcileResult result =
              Lepton.with(spark)
                  .reconcile(config)
                  .dryRun(dryRun)
                  .progress(Jobs.progress("reconcile", spark, config, spec))
                  .execute();
          if (html != null) {
            ReconcilePage.write(result, html);
            spec.commandLine().getErr().println("[reconcile] wrote the page " + html);
          }
          return result;
        },
        result -> Summaries.print(result, spec.commandLine().getOut()),
        result -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }
}
