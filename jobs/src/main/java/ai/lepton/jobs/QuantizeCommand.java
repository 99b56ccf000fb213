package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.quantize.QuantizeConfig;
import ai.lepton.quantize.QuantizeResult;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton quantize}: int8 quantization and the verification gate on the command line. */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    description = {
      "Quantize a trained model to int8 ONNX and prove it on the test split:",
      "agreement, metric drop, size and speed against fp32 (lepton.quantize.gate).",
      "Trees and XGBoost are passed through unchanged. Exit 0 passed, 1 gate",
      "failed (model written, not exportable unless --force), 2 bad config,",
      "3 run-time failure."
    })
final class QuantizeCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--force",
      description = "Keep the model exportable even if the gate fails (recorded as gate.forced).")
  boolean force;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    QuantizeConfig.from(config);
    return Jobs.run(
        "quantize",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          return Lepton.with(spark)
              .quantize(config)
              .force(force)
              .progress(Jobs.progress("quantize", spark, config, spec))
              .execute();
        },
        result -> Summaries.print(result, spec.commandLine().getOut()),
        (QuantizeResult result) -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }
}
