package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.distill.DistillConfig;
import ai.lepton.distill.DistillResult;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton distill}: a small djl.mlp student from a trained teacher, behind a gate. */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    description = {
      "Distill a trained model (lepton.distill.teacher: xgboost, mllib.gbt, random forest,",
      "djl.mlp) into a small djl.mlp student trained on Spark barrier tasks on the teacher's",
      "soft targets, then gate it against the teacher on the test split: agreement, metric",
      "drop, size and speed (lepton.distill.gate). Exit 0 passed, 1 gate failed (student",
      "written, not exportable unless --force), 2 bad config, 3 run-time failure."
    })
final class DistillCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--force",
      description = "Keep the student exportable even if the gate fails (recorded as gate.forced).")
  boolean force;

  @Option(
      names = "--resume",
      paramLabel = "RUN_ID",
      description = "Continue distill run RUN_ID from the student's last checkpoint.")
  String resume;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    DistillConfig.from(config);
    return Jobs.run(
        "distill",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          return Lepton.with(spark)
              .distill(config)
              .force(force)
              .resume(resume)
              .progress(Jobs.progress("distill", spark, config, spec))
              .execute();
        },
        result -> Summaries.print(result, spec.commandLine().getOut()),
        (DistillResult result) -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }
}
