package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.train.TrainConfig;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton train}: the train action on the command line. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model (lepton.train.algorithm) on a pinned version of a Delta table, evaluate it",
      "on the validation and test splits, publish the model directory and record the run.",
      "Exit 0 done, 2 bad config, 3 run-time failure (bad input, no GPU for cuda, ...)."
    })
final class TrainCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--resume",
      paramLabel = "RUN_ID",
      description = "Continue run RUN_ID from its last checkpoint (djl.mlp).")
  String resume;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    TrainConfig.from(config);
    return Jobs.run(
        "train",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          return Lepton.with(spark)
              .train(config)
              .resume(resume)
              .progress(Jobs.progress("train", spark, config, spec))
              .execute();
        },
        result -> Summaries.print(result, spec.commandLine().getOut()),
        result -> result.succeeded() ? Main.OK : Main.RUNTIME);
  }
}
