package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.export.ExportConfig;
import ai.lepton.export.ExportResult;
import java.io.PrintWriter;
import java.util.Locale;
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
        result -> summary(result, spec.commandLine().getOut()),
        result -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }

  /** Where each artifact is, what was uploaded, and what is left to do. */
  static void summary(ExportResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Export %s %s in %.1fs: %s %s%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.model().name(),
        r.model().version());
    out.println("  " + r.message());
    for (ExportResult.Target t : r.targets()) {
      out.printf(
          Locale.ROOT,
          "  %-10s %-9s %s%n",
          t.name(),
          t.type(),
          t.upToDate()
              ? "already published, nothing uploaded"
              : String.format(
                  Locale.ROOT,
                  "%d of %d files uploaded (%s), every SHA-256 verified",
                  t.filesUploaded(),
                  t.files(),
                  Summaries.bytes(t.uploadedBytes())));
      out.printf(Locale.ROOT, "  %-10s artifact  %s%n", "", t.artifact());
      out.printf(Locale.ROOT, "  %-10s manifest  %s%n", "", t.manifest());
    }
    for (ExportResult.Route route : r.routing()) {
      out.printf(
          Locale.ROOT, "  routing    %-10s %3d%% of traffic%n", route.target(), route.percent());
    }
    r.notes().forEach(n -> out.println("Note: " + n));
  }
}
