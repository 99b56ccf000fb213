package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.gpu.GpuCheckResult;
import ai.lepton.gpu.RapidsJar;
import ai.lepton.reconcile.ReconcileConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton gpu-check}: the GPU plan check on the command line. */
@Command(
    name = "gpu-check",
    mixinStandardHelpOptions = true,
    description = {
      "Show which operators of reconcile's plans would run on GPU executors",
      "under the RAPIDS Accelerator, and why the others would not. Needs the",
      "RAPIDS jar, no GPU; reads only file listings and schemas, writes nothing.",
      "Exit 0 checked, 1 a fallback with --fail-on-fallback, 2 bad config or",
      "no RAPIDS jar (the message says how to fetch it), 3 run-time failure."
    })
final class GpuCheckCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--rapids-jar",
      paramLabel = "JAR",
      description =
          "The RAPIDS Accelerator jar (default: lepton.gpu-check.rapids-jar, else the build's copy).")
  Path rapidsJar;

  @Option(
      names = "--fail-on-fallback",
      description = "Exit 1 when any operator would stay on CPU (for CI).")
  boolean failOnFallback;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    ReconcileConfig.from(config);
    String configured =
        rapidsJar != null
            ? rapidsJar.toString()
            : Settings.at(config.raw(), "lepton.gpu-check").string("rapids-jar");
    Path jar = RapidsJar.find(configured, "--rapids-jar or lepton.gpu-check.rapids-jar");
    return Jobs.run(
        "gpu-check",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          return Lepton.with(spark)
              .gpuCheck(config)
              .rapidsJar(jar)
              .failOnFallback(failOnFallback)
              .progress(Jobs.progress("gpu-check", spark, config, spec))
              .execute();
        },
        result -> Summaries.print(result, spec.commandLine().getOut()),
        (GpuCheckResult result) -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }
}
