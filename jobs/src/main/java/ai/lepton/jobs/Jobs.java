package ai.lepton.jobs;

import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.spark.LeptonSpark;
import ai.lepton.spark.Progress;
import ai.lepton.track.RunsTable;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;

/** What every job command does around its action: session, progress, report, exit code. */
final class Jobs {

  private Jobs() {}

  /** The platform's Spark session or a local one, saying so while a local one starts. */
  static SparkSession session(LeptonConfig config, CommandSpec spec) {
    if (!LeptonSpark.isRunning()) {
      spec.commandLine().getErr().println("[lepton] starting Spark ...");
    }
    return LeptonSpark.session(config);
  }

  /** The runs table, or null when {@code lepton.track.enabled = false} (no Spark is started). */
  static RunsTable runsTable(LeptonConfig config, CommandSpec spec) {
    if (!config.raw().getBoolean("lepton.track.enabled")) {
      return null;
    }
    return RunsTable.at(session(config, spec), config);
  }

  /** Progress lines on standard error, with the configured heartbeat. */
  static Progress progress(String job, SparkSession spark, LeptonConfig config, CommandSpec spec) {
    long interval = Settings.at(config.raw(), "lepton.progress").whole("interval-ms");
    PrintWriter err = spec.commandLine().getErr();
    return new Progress(job, spark, err::println, interval);
  }

  /**
   * Runs an action, writes its report (also when it fails), prints the summary unless {@code
   * --json}, and returns the exit code.
   */
  static <R> int run(
      String job,
      JobOptions options,
      PrintWriter out,
      Supplier<R> action,
      Consumer<R> summary,
      ToIntFunction<R> exitCode) {
    R result;
    try {
      result = action.get();
    } catch (Exception e) {
      if (options.report != null) {
        Reports.emit(reportOnly(options), Reports.failure(job, e), out);
      }
      throw e;
    }
    if (Reports.emit(options, result, out)) {
      summary.accept(result);
    }
    out.flush();
    return exitCode.applyAsInt(result);
  }

  private static JobOptions reportOnly(JobOptions options) {
    JobOptions o = new JobOptions();
    o.report = options.report;
    return o;
  }
}
