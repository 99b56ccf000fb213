package ai.lepton.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A JVM the fixture started, with its output in two log files. */
final class ChildJvm {

  private static final Pattern SPARK_INFO = Pattern.compile("\\d\\d/\\d\\d/\\d\\d \\S+ INFO ");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  ChildJvm(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  String name() {
    return name;
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path stdout() {
    return stdout;
  }

  Path stderr() {
    return stderr;
  }

  /** The exit code, or empty when the JVM still runs after {@code timeout}. */
  OptionalInt waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(process.exitValue())
        : OptionalInt.empty();
  }

  /** Stops the JVM and its descendants; returns every process seen. */
  Set<ProcessHandle> stop(Duration grace) {
    return ProcessTree.stop(handle(), grace);
  }

  /**
   * The last lines of stdout and of stderr, for assertion messages. Spark's INFO lines are left out
   * of stderr so that errors, warnings, stack traces and Lepton's own lines stay in view.
   */
  String logTail(int lines) {
    return "---- "
        + name
        + " stdout ("
        + stdout
        + ") ----\n"
        + tail(stdout, lines, false)
        + "\n---- "
        + name
        + " stderr without INFO lines ("
        + stderr
        + ") ----\n"
        + tail(stderr, lines, true);
  }

  private static String tail(Path file, int lines, boolean dropInfo) {
    if (!Files.exists(file)) {
      return "(no file)";
    }
    try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
      List<String> kept =
          all.filter(l -> !(dropInfo && SPARK_INFO.matcher(l).lookingAt())).toList();
      return String.join("\n", kept.subList(Math.max(0, kept.size() - lines), kept.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
