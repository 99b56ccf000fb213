package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.pipeline.PipelineAction;
import ai.lepton.pipeline.PipelineResult;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lepton pipeline}: reconcile → monitor → train → distill → quantize → export in one run.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Run reconcile, train, quantize and export in order, each step taking what the one before",
      "made (the golden table's new version, the trained model, the int8 model) unless the",
      "config names it. Stops at the first failed gate. After reconcile,",
      "lepton.pipeline.retrain (always | never | on-drift) decides whether train, quantize and",
      "export run; on-drift runs the monitor step first and retrains only on drift.",
      "lepton.pipeline.distill (off | before-quantize | instead-of-quantize) adds a distill step",
      "after train: the trained model is the teacher and the student goes on to quantize or export.",
      "Exit 0 done, 1 a gate failed (the report names the step and why), 2 bad config,",
      "3 a step failed at run time."
    })
final class PipelineCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--force",
      description =
          "Go on past a failed distill or quantize gate and export anyway (recorded as forced).")
  boolean force;

  @Option(
      names = "--until",
      paramLabel = "STEP",
      description =
          "Stop after this step: reconcile, monitor, train, distill, quantize or export"
              + " (default: all).")
  String until;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    PipelineAction.check(config, until);
    return Jobs.run(
        "pipeline",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          return Lepton.with(spark)
              .pipeline(config)
              .force(force)
              .until(until)
              .progress(Jobs.progress("pipeline", spark, config, spec))
              .execute();
        },
        result -> Summaries.print(result, spec.commandLine().getOut()),
        (PipelineResult result) -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }
}
