package ai.lepton.jobs.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.jobs.cluster.ParentWatchdog;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every notebook end to end, as Zeppelin's "run all" would, each in a JVM of its own: the
 * runner must create the Spark session with {@code spark.repl.class.outputDir} before any
 * SparkContext exists, which the shared test session of this JVM would prevent. A failure names the
 * notebook and paragraph and shows the interpreter's output.
 */
class NotebooksIT {

  private static final long TIMEOUT_MINUTES = 8;
  private static final int PARALLEL_RUNS = 2;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  /**
   * Starts the runs two at a time (a note spends much of its time in single-threaded driver work,
   * so two JVMs keep both cores busy), then checks each in file order.
   */
  @TestFactory
  Stream<DynamicTest> everyNotebookRunsEndToEnd() {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
    Map<Path, Future<Void>> runs = new LinkedHashMap<>();
    for (Path note : Notebooks.all()) {
      runs.put(note, pool.submit(() -> runs(note)));
    }
    pool.shutdown();
    return Notebooks.all().stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, runs.get(f))));
  }

  private static void check(Path note, Future<Void> run) throws Exception {
    try {
      run.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static Void runs(Path note) throws IOException, InterruptedException {
    String name = note.getFileName().toString();
    Path work = dir.resolve(name.replace(".zpln", ""));
    Files.createDirectories(work);
    Path report = work.resolve("report.json");
    Path log = work.resolve("runner.log");
    Process process = start(note, work, report, log);
    boolean done = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!done) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    assertThat(done)
        .as("%s finished within %d minutes\n%s", name, TIMEOUT_MINUTES, tail(log))
        .isTrue();
    assertThat(report)
        .as("report of %s (exit %d)\n%s", name, process.exitValue(), tail(log))
        .exists();
    NotebookReport result = new ObjectMapper().readValue(report.toFile(), NotebookReport.class);
    System.out.printf(
        "NotebooksIT: %s %s in %d ms (Spark %d ms, interpreter %d ms)%n",
        name,
        result.passed() ? "passed" : "FAILED",
        result.totalMs(),
        result.sparkStartMs(),
        result.replStartMs());
    assertThat(result.passed()).as("notebook %s: %s", name, result.failure()).isTrue();
    assertThat(result.paragraphs())
        .extracting(NotebookReport.Step::status)
        .doesNotContain("failed");
    return null;
  }

  /** The runner in a child JVM on this test's classpath, ended with this JVM if it is killed. */
  private static Process start(Path note, Path work, Path report, Path log) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String flags = System.getProperty("lepton.it.spark-jvm-flags", "");
    List<String> args = new ArrayList<>();
    args.add("-Xmx2g");
    // C1 only: a note is a short, cold JVM (compiler, Spark planning); this halves its CPU time.
    args.add("-XX:TieredStopAtLevel=1");
    Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isBlank()).forEach(args::add);
    args.add("-cp");
    args.add(classpath);
    args.add(ParentWatchdog.class.getName());
    args.add(String.valueOf(ProcessHandle.current().pid()));
    args.add(NotebookRunner.class.getName());
    args.add(note.toString());
    args.add(work.toString());
    args.add(report.toString());
    Path argFile = work.resolve("java.args");
    Files.write(argFile, args.stream().map(NotebooksIT::quote).toList(), StandardCharsets.UTF_8);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + argFile)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("SPARK_TESTING");
    return builder.start();
  }

  /** An argument for a java @argfile: quoted, with backslashes and quotes escaped. */
  private static String quote(String arg) {
    return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.contains(" INFO "))
            .toList();
    return "---- "
        + log
        + " ----\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
