package ai.lepton.jobs;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.demo.GroundTruth;
import ai.lepton.pipeline.PipelineResult;
import ai.lepton.quantize.QuantizeResult;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.train.TrainResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lepton demo}: generates a customer-accounts dataset as two disagreeing "cloud" copies,
 * writes a real config per step, runs the whole pipeline on local Spark (reconcile, checked against
 * the generator's ground truth; train; quantize; export), and writes quantize.conf and export.conf
 * naming the models it made.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate two disagreeing copies of a dataset (CSV and JSON lines) and run the whole",
      "pipeline on local Spark: reconcile them, train a model on the golden table, quantize it",
      "to int8 behind the verification gate, and export it to a SageMaker and an Azure ML",
      "layout. Writes a config per step and prints how to run each again."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Accounts to generate (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--workdir",
      defaultValue = "lepton-demo",
      description = "Folder for data, tables and config (default ${DEFAULT-VALUE}).")
  Path workdir;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed; the same seed gives the same data (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--emulators",
      description = {
        "Put the aws copy in a local S3 server (s3proxy) and the azure copy in a local Azure",
        "Blob server (Azurite), starting them if needed and leaving them running."
      })
  boolean emulators;

  @Option(
      names = "--no-train",
      description = "Stop after the reconcile (still writes train.conf and pipeline.conf).")
  boolean noTrain;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write the pipeline's JSON report (every step's report) to FILE.")
  Path report;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (rows < 0 || rows > DemoDataset.MAX_ROWS) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--rows must be between 0 and " + DemoDataset.MAX_ROWS + ", got " + rows);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = workdir.toAbsolutePath().normalize();
    err.printf(Locale.ROOT, "[demo] generating %,d accounts in two copies under %s%n", rows, dir);
    DemoDataset data = DemoDataset.generate(dir, rows, seed);
    String stores = "";
    String reconcileText;
    if (emulators) {
      DemoEmulators.Placed placed = DemoEmulators.upload(data, err);
      stores = placed.stores();
      reconcileText = placed.render(dir);
    } else {
      reconcileText = DemoConfig.render(data, dir);
    }
    Files.writeString(dir.resolve("reconcile.conf"), reconcileText);
    Files.writeString(dir.resolve("train.conf"), DemoConfig.renderTrain(dir));
    Path pipelineConf = dir.resolve("pipeline.conf");
    Files.writeString(pipelineConf, DemoConfig.renderPipeline(dir, emulators));
    LeptonConfig config = LeptonConfig.load(List.of(pipelineConf), List.of());
    String exportStores = stores;
    JobOptions options = new JobOptions();
    options.report = report;
    return Jobs.run(
        "demo",
        options,
        out,
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          return Lepton.with(spark)
              .pipeline(config)
              .until(noTrain ? "reconcile" : null)
              .progress(Jobs.progress("demo", spark, config, spec))
              .execute();
        },
        result -> {
          writeStepConfigs(result, dir, exportStores);
          for (JobResult step : result.steps()) {
            Summaries.print(step, out);
            if (step instanceof ReconcileResult r) {
              printTruthCheck(r, data.truth(), out);
            }
            out.println();
          }
          if (!result.succeeded()) {
            out.println("Stopped at " + result.failedStep() + ": " + result.reason());
          }
          printNextSteps(dir, result, out);
          if (emulators) {
            out.println(
                "The emulators keep running for you to explore; stop them with: "
                    + launcher()
                    + " emulators stop");
          }
        },
        result -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
  }

  /**
   * Writes quantize.conf and export.conf naming the models this run made, so each command runs as
   * is.
   */
  private static void writeStepConfigs(PipelineResult result, Path dir, String stores) {
    try {
      Optional<TrainResult> trained = result.step(TrainResult.class);
      if (trained.isPresent()) {
        String model = trained.get().model().uri();
        Files.writeString(
            dir.resolve("quantize.conf"), DemoConfig.renderQuantize(dir, model, model + "-int8"));
      }
      Optional<QuantizeResult> quantized = result.step(QuantizeResult.class);
      if (quantized.isPresent()) {
        Files.writeString(
            dir.resolve("export.conf"),
            DemoConfig.renderExport(dir, quantized.get().model().uri(), stores, !stores.isEmpty()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void printTruthCheck(ReconcileResult r, GroundTruth truth, PrintWriter out) {
    boolean same =
        r.counts().keys() == truth.keys()
            && r.counts().matched() == truth.matched()
            && r.counts().conflicting() == truth.conflicting()
            && r.counts().missing().equals(truth.missingIn());
    out.printf(
        Locale.ROOT,
        "  check      %s the generator's ground truth (%,d keys, %,d conflicting)%n",
        same ? "matches" : "DOES NOT match",
        truth.keys(),
        truth.conflicting());
  }

  private static void printNextSteps(Path dir, PipelineResult result, PrintWriter out) {
    String lepton = launcher();
    Path here = Path.of("").toAbsolutePath();
    out.println(
        "Each step again, with the config the demo wrote (edit them to try other settings):");
    for (String step : List.of("reconcile", "train", "quantize", "export")) {
      Path conf = dir.resolve(step + ".conf");
      if (Files.exists(conf)) {
        out.println("  " + lepton + " " + step + " -c " + display(here, conf));
      }
    }
    out.println("  " + lepton + " pipeline -c " + display(here, dir.resolve("pipeline.conf")));
    out.println("Look at the tables and the runs:");
    out.println(
        "  " + lepton + " show " + display(here, dir.resolve(DemoConfig.GOLDEN)) + " --limit 5");
    out.println(
        "  "
            + lepton
            + " show "
            + display(here, dir.resolve(DemoConfig.DISCREPANCIES))
            + " --where \"kind = 'conflict'\" --limit 5");
    out.println("  " + lepton + " show " + display(here, dir.resolve(DemoConfig.QUARANTINE)));
    out.println("  " + lepton + " runs -c " + display(here, dir.resolve("train.conf")));
    out.println("Check the model for drift against the golden table's latest version:");
    out.println("  " + lepton + " monitor -c " + display(here, dir.resolve("train.conf")));
    out.println(
        "Train another algorithm: set lepton.train.algorithm in train.conf to"
            + " mllib.logistic-regression, mllib.gbt, mllib.random-forest or xgboost.");
  }

  private static String launcher() {
    String launcher = System.getenv("LEPTON_LAUNCHER");
    return launcher == null || launcher.isBlank() ? "lepton" : launcher;
  }

  private static String display(Path here, Path p) {
    return p.startsWith(here) ? here.relativize(p).toString() : p.toString();
  }
}
