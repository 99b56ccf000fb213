package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.export.ExportConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lepton export}: the export action on the command line. The export needs no Spark; a local
 * session starts only to record the run in the runs table ({@code lepton.track.enabled}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Package the model directory of lepton.export.model for each of lepton.export.targets",
      "(sagemaker, azureml, triton, local) and publish it, verified: files first, manifest.json",
      "last, then the target's latest pointer. Re-running uploads only what is missing.",
      "Exit 0 published, 1 refused (the model's gate failed; see --force), 2 bad config,",
      "3 the model or a store failed."
    })
final class ExportCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--force",
      description = "Export even if the model's verification gate failed (lepton.export.force).")
  boolean force;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (force) {
      options.overrides.add("lepton.export.force=true");
    }
    LeptonConfig config = options.load();
    ExportConfig.from(config);
    PrintWriter err = spec.commandLine().getErr();
    return Jobs.run(
        "export",
        options,
        spec.commandLine().getOut(),
        () ->
            Lepton.export(config)
                .log(line -> err.println("[export] " + line))
                .runs(Jobs.runsTable(config, spec))
                .execute(),
        result -> Summaries.print(result, spec.commandLine().getOut()),
        result -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }
}
