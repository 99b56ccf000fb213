package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.plan.PlanConfig;
import ai.lepton.track.RunsThroughput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton plan}: the plan action on the command line. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Pick the cheapest cluster for a job (cloud, region, platform, instance",
      "type, nodes, spot) from the price catalog under lepton.plan.constraints,",
      "and write its spark-submit, EMR and Databricks definitions.",
      "A job's throughput is the median of its last successful runs in the runs table",
      "(lepton.plan.runs; local Spark starts to read it), else lepton.plan.throughput.",
      "Needs no cloud account.",
      "Exit 0 a plan was found, 1 no plan satisfies the constraints,",
      "2 bad config or catalog, 3 the definitions could not be written."
    })
final class PlanCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder for the definitions (default: lepton.plan.output-dir).")
  Path out;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "How many ranked plans to show (default: lepton.plan.top).")
  Integer top;

  @Option(names = "--no-files", description = "Rank and report only; write no definitions.")
  boolean noFiles;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (top != null) {
      options.overrides.add("lepton.plan.top=" + top);
    }
    LeptonConfig config = options.load();
    PlanConfig.from(config);
    return Jobs.run(
        "plan",
        options,
        spec.commandLine().getOut(),
        () ->
            Lepton.plan(config)
                .throughput(RunsThroughput.forPlan(config, () -> Jobs.session(config, spec)))
                .outputDir(out)
                .writeFiles(!noFiles)
                .defaultJar(clusterJarName())
                .execute(),
        result -> Summaries.print(result, spec.commandLine().getOut()),
        result -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }

  /** The file name of this build's cluster jar, e.g. {@code lepton-jobs-0.1.0-cluster.jar}. */
  static String clusterJarName() {
    Properties p = new Properties();
    try (InputStream in = PlanCommand.class.getResourceAsStream("/lepton-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall back to the unversioned name
    }
    String version = p.getProperty("lepton", "");
    return version.isEmpty() || version.contains("${")
        ? "lepton-jobs-cluster.jar"
        : "lepton-jobs-" + version + "-cluster.jar";
  }
}
