package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.demo.GroundTruth;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.train.TrainResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lepton demo}: generates a customer-accounts dataset as two disagreeing "cloud" copies,
 * writes a real reconcile config for them, runs reconcile on local Spark, and checks the result
 * against the generator's ground truth.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate two disagreeing copies of a dataset (CSV and JSON lines), reconcile them on",
      "local Spark, and print where the tables are and how to look at them."
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

  @Option(names = "--no-train", description = "Stop after the reconcile (still writes train.conf).")
  boolean noTrain;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write the reconcile's JSON report to FILE.")
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
    Path conf = dir.resolve("reconcile.conf");
    String text =
        emulators ? DemoEmulators.upload(data, err).render(dir) : DemoConfig.render(data, dir);
    Files.writeString(conf, text);
    LeptonConfig config = LeptonConfig.load(List.of(conf), List.of());
    Path trainConf = dir.resolve("train.conf");
    Files.writeString(trainConf, DemoConfig.renderTrain(dir));
    TrainResult[] trained = new TrainResult[1];
    JobOptions options = new JobOptions();
    options.report = report;
    return Jobs.run(
        "demo",
        options,
        out,
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          ReconcileResult reconciled =
              Lepton.with(spark)
                  .reconcile(config)
                  .progress(Jobs.progress("reconcile", spark, config, spec))
                  .execute();
          if (reconciled.succeeded() && !noTrain) {
            LeptonConfig trainConfig = LeptonConfig.load(List.of(trainConf), List.of());
            trained[0] =
                Lepton.with(spark)
                    .train(trainConfig)
                    .progress(Jobs.progress("train", spark, trainConfig, spec))
                    .execute();
          }
          return reconciled;
        },
        result -> {
          Summaries.reconcile(result, out);
          printTruthCheck(result, data.truth(), out);
          if (trained[0] != null) {
            out.println();
            Summaries.train(trained[0], out);
          }
          printNextSteps(conf, dir, out);
          if (emulators) {
            out.println(
                "The emulators keep running for you to explore; stop them with: "
                    + launcher()
                    + " emulators stop");
          }
        },
        result -> result.succeeded() ? Main.OK : Main.GATE_FAILED);
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

  private static void printNextSteps(Path conf, Path dir, PrintWriter out) {
    String lepton = launcher();
    Path here = Path.of("").toAbsolutePath();
    String c = display(here, conf);
    out.println();
    out.println(
        "Re-run the reconcile with the config the demo wrote (edit it to try other policies):");
    out.println("  " + lepton + " reconcile -c " + c);
    out.println("Look at the tables:");
    out.println(
        "  " + lepton + " show " + display(here, dir.resolve(DemoConfig.GOLDEN)) + " --limit 5");
    out.println(
        "  "
            + lepton
            + " show "
            + display(here, dir.resolve(DemoConfig.DISCREPANCIES))
            + " --where \"kind = 'conflict'\" --limit 5");
    out.println("  " + lepton + " show " + display(here, dir.resolve(DemoConfig.QUARANTINE)));
    out.println(
        "Train again (switch lepton.train.algorithm to mllib.gbt, mllib.random-forest or xgboost):");
    out.println("  " + lepton + " train -c " + display(here, dir.resolve("train.conf")));
    out.println("  " + lepton + " runs -c " + display(here, dir.resolve("train.conf")));
  }

  private static String launcher() {
    String launcher = System.getenv("LEPTON_LAUNCHER");
    return launcher == null || launcher.isBlank() ? "lepton" : launcher;
  }

  private static String display(Path here, Path p) {
    return p.startsWith(here) ? here.relativize(p).toString() : p.toString();
  }
}
