package ai.lepton.jobs;

import ai.lepton.config.LeptonConfig;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton runs}: list the runs table (lepton.track.runs), newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List recorded runs of every job (lepton.track.runs), newest first.")
final class RunsCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(names = "--job", paramLabel = "JOB", description = "Only runs of JOB, e.g. train.")
  String job;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "20",
      description = "How many runs (default ${DEFAULT-VALUE}).")
  int last;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The report of {@code lepton runs --json}. */
  record RunsReport(String job, String table, List<RunRecord> runs) {}

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    if (last < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--last must be at least 1, got " + last);
    }
    PrintWriter out = spec.commandLine().getOut();
    return Jobs.run(
        "runs",
        options,
        out,
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          RunsTable table = RunsTable.at(spark, config);
          return new RunsReport("runs", table.uri(), table.list(job, last));
        },
        report -> print(report, out),
        report -> Main.OK);
  }

  private static void print(RunsReport report, PrintWriter out) {
    if (report.runs().isEmpty()) {
      out.println("No runs recorded in " + report.table() + ".");
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-22s %-10s %-10s %-20s %9s  %s%n",
        "RUN",
        "JOB",
        "STATUS",
        "STARTED",
        "SECONDS",
        "INPUTS / METRICS");
    for (RunRecord r : report.runs()) {
      out.printf(
          Locale.ROOT,
          "%-22s %-10s %-10s %-20s %9.1f  %s%n",
          r.runId(),
          r.job(),
          r.status(),
          r.startedAt().toString().substring(0, 19),
          r.durationMs() / 1000.0,
          describe(r));
    }
    out.printf("%d runs from %s%n", report.runs().size(), report.table());
  }

  private static final int ERROR_CHARS = 200;

  private static String describe(RunRecord r) {
    String inputs =
        r.inputs().entrySet().stream()
            .map(e -> e.getKey() + "@" + e.getValue())
            .collect(Collectors.joining(", "));
    String metrics =
        r.metrics().entrySet().stream()
            .filter(e -> e.getKey().startsWith("test.") || !e.getKey().contains("."))
            .limit(4)
            .map(e -> e.getKey() + "=" + format(e))
            .collect(Collectors.joining(" "));
    String error = r.error() == null ? "" : " error: " + firstLine(r.error());
    return (inputs + " " + metrics + error).trim();
  }

  /**
   * The first line of an error, cut at {@value #ERROR_CHARS} characters: one line per run (the
   * whole text stays in the runs table and the job's report).
   */
  static String firstLine(String error) {
    String line = error.strip();
    int nl = line.indexOf('\n');
    boolean cut = nl >= 0;
    if (cut) {
      line = line.substring(0, nl).strip();
    }
    if (line.length() > ERROR_CHARS) {
      line = line.substring(0, ERROR_CHARS);
      cut = true;
    }
    return cut ? line + " ..." : line;
  }

  private static String format(Map.Entry<String, Double> e) {
    double v = e.getValue();
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.4f", v);
  }
}
