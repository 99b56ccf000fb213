package ai.lepton.jobs.notebooks;

import ai.lepton.jobs.notebooks.ZeppelinNote.Paragraph;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one Zeppelin note the way Zeppelin's "run all" does, in a JVM of its own: a local Spark
 * session created here with {@code spark.repl.class.outputDir} set before the SparkContext exists,
 * {@code %spark} paragraphs through {@link ScalaRepl}, {@code %sql} paragraphs through {@code
 * spark.sql}, {@code %md} paragraphs rendered by Zeppelin and so skipped, disabled paragraphs
 * skipped. Stops at the first paragraph that fails.
 *
 * <p>Usage: {@code NotebookRunner NOTE.zpln WORK_DIR REPORT.json}; the work dir reaches the note as
 * the system property {@value NoteChecks#WORK_DIR_PROPERTY}. Exit 0 when the report was written
 * (whether the note passed or not), 2 on bad arguments.
 */
public final class NotebookRunner {

  /** Rows of a {@code %sql} result Zeppelin shows by default (zeppelin.spark.maxResult). */
  static final int MAX_RESULT_ROWS = 1000;

  private NotebookRunner() {}

  /** Runs the note and writes the report. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: NotebookRunner NOTE.zpln WORK_DIR REPORT.json");
      System.exit(2);
    }
    NotebookReport report = run(Path.of(args[0]), Path.of(args[1]));
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(Path.of(args[2]).toFile(), report);
    System.exit(0);
  }

  /** Checks and runs {@code note} with its work dir under {@code workDir}. */
  static NotebookReport run(Path note, Path workDir) throws IOException {
    long start = System.nanoTime();
    String name = note.getFileName().toString();
    ZeppelinNote parsed = ZeppelinNote.read(note);
    List<String> problems = NoteChecks.problems(parsed);
    if (!problems.isEmpty()) {
      return NotebookReport.failed(
          name, "the note's structure: " + String.join("; ", problems), List.of(), 0, 0, start);
    }
    Files.createDirectories(workDir);
    System.setProperty(NoteChecks.WORK_DIR_PROPERTY, workDir.resolve("notebook").toString());
    Path classes = Files.createDirectories(workDir.resolve("repl-classes"));
    long sparkStart = System.nanoTime();
    SparkSession spark = session(classes, workDir.resolve("warehouse"));
    long sparkMs = NotebookReport.millisSince(sparkStart);
    long replStart = System.nanoTime();
    List<NotebookReport.Step> steps = new ArrayList<>();
    try (ScalaRepl repl = ScalaRepl.start(spark, classes)) {
      long replMs = NotebookReport.millisSince(replStart);
      List<Paragraph> paragraphs = parsed.paragraphs();
      for (int i = 0; i < paragraphs.size(); i++) {
        Paragraph p = paragraphs.get(i);
        long t = System.nanoTime();
        ScalaRepl.Outcome outcome = runParagraph(p, spark, repl);
        String status =
            !p.enabled()
                ? "disabled"
                : "md".equals(p.interpreter())
                    ? "markdown"
                    : outcome.succeeded() ? "ran" : "failed";
        steps.add(
            new NotebookReport.Step(
                i + 1, p.title(), p.interpreter(), status, NotebookReport.millisSince(t)));
        if (!outcome.succeeded()) {
          return NotebookReport.failed(
              name,
              p.describe(i) + " %" + p.interpreter() + " failed:\n" + outcome.output(),
              steps,
              sparkMs,
              replMs,
              start);
        }
      }
      return NotebookReport.passed(name, steps, sparkMs, replMs, start);
    } finally {
      spark.stop();
    }
  }

  private static ScalaRepl.Outcome runParagraph(Paragraph p, SparkSession spark, ScalaRepl repl) {
    if (!p.enabled() || "md".equals(p.interpreter())) {
      return new ScalaRepl.Outcome(true, "");
    }
    if ("spark".equals(p.interpreter())) {
      return repl.run(p.code());
    }
    return sql(p, spark);
  }

  /** Runs each {@code ;}-separated statement; the last one's result is what Zeppelin shows. */
  static ScalaRepl.Outcome sql(Paragraph p, SparkSession spark) {
    List<String> statements =
        Arrays.stream(p.code().split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    StringBuilder output = new StringBuilder();
    Dataset<Row> last = null;
    for (String statement : statements) {
      try {
        last = spark.sql(statement);
        output.append(table(last));
      } catch (Exception e) {
        return new ScalaRepl.Outcome(false, output + statement + "\n" + e);
      }
    }
    if (last != null && p.graph().isPresent()) {
      List<String> columns = Arrays.asList(last.columns());
      List<String> missing =
          p.graph().get().columns().stream().filter(c -> !columns.contains(c)).toList();
      if (!missing.isEmpty()) {
        return new ScalaRepl.Outcome(
            false,
            output
                + "the chart uses columns "
                + missing
                + " that the result does not have: "
                + columns);
      }
    }
    return new ScalaRepl.Outcome(true, output.toString());
  }

  /** A result as Zeppelin's %table text: a tab-separated header, then rows. */
  private static String table(Dataset<Row> result) {
    List<Row> rows = result.takeAsList(MAX_RESULT_ROWS);
    StringBuilder text = new StringBuilder(String.join("\t", result.columns())).append('\n');
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(String.valueOf(row.get(i)));
      }
      text.append(cells.stream().collect(Collectors.joining("\t"))).append('\n');
    }
    return text.toString();
  }

  /**
   * A local session set up as the README tells Zeppelin users to set the interpreter: Delta's
   * extension and catalog; plus what the REPL needs and small-data settings for tests.
   */
  static SparkSession session(Path replClasses, Path warehouse) {
    return SparkSession.builder()
        .master("local[2]")
        .appName("lepton-notebooks")
        .config("spark.repl.class.outputDir", replClasses.toString())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.warehouse.dir", warehouse.toString())
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
  }
}
