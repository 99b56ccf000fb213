package ai.lepton.jobs;

import ai.lepton.jobs.cluster.ParentWatchdog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the command line ({@link Main}) in a child JVM on this test's classpath and kills it with
 * SIGKILL as soon as it prints a chosen line: the way a job dies when its node is lost or the
 * scheduler kills it. The point of death is found from the job's own progress lines, never by a
 * sleep. The child ends with the test JVM (through {@link ParentWatchdog}) and is bounded by a
 * timeout.
 *
 * <p>{@link #run} starts the child; the result says whether the line was seen (and the child
 * killed), the exit code otherwise, and everything the child printed.
 */
record KilledCli(boolean killed, int exitCode, List<String> lines, String killedAt) {

  /** How long one child may run before the test gives up on it (it is then killed as well). */
  static final Duration TIMEOUT = Duration.ofMinutes(4);

  /**
   * Runs {@code lepton ARGS...} in a child JVM started in {@code workDir}, and SIGKILLs it on the
   * first line printed (stdout or stderr) that {@code killOn} accepts. If no line matches, the
   * child runs to its end and the result carries its exit code ({@code killed} is then false).
   */
  static KilledCli run(Path workDir, Predicate<String> killOn, String... args) {
    return run(workDir, Map.of(), List.of(), killOn, args);
  }

  /**
   * As {@link #run(Path, Predicate, String...)}, with {@code env} added to the child's environment
   * and {@code jvmArgs} (system properties, e.g. a log4j config) on its command line.
   */
  static KilledCli run(
      Path workDir,
      Map<String, String> env,
      List<String> jvmArgs,
      Predicate<String> killOn,
      String... args) {
    Process process = start(workDir, env, jvmArgs, args);
    Thread guard =
        new Thread(
            () -> {
              if (!awaitExit(process, TIMEOUT)) {
                process.destroyForcibly(); // silent and stuck: readLine below then ends
              }
            },
            "killed-cli-timeout");
    guard.setDaemon(true);
    guard.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    String matched = null;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        if (killOn.test(line)) {
          matched = line;
          process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
          break;
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new AssertionError(
              "lepton " + String.join(" ", args) + " ran over " + TIMEOUT + ":\n" + tail(lines));
        }
      }
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("lepton child did not end:\n" + tail(lines));
      }
      return new KilledCli(matched != null, process.exitValue(), List.copyOf(lines), matched);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted", e);
    }
  }

  private static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines the child printed, for assertion messages. */
  String tail() {
    return tail(lines);
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Process start(
      Path workDir, Map<String, String> env, List<String> jvmArgs, String... cliArgs) {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String flags = System.getProperty("lepton.it.spark-jvm-flags", "");
    List<String> args = new ArrayList<>();
    args.add("-Xmx2g");
    args.add("-XX:TieredStopAtLevel=1"); // a short, cold JVM: C1 only halves its CPU time
    args.add("-Dspark.ui.enabled=false");
    Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isBlank()).forEach(args::add);
    args.addAll(jvmArgs);
    args.add("-cp");
    args.add(classpath);
    args.add(ParentWatchdog.class.getName());
    args.add(String.valueOf(ProcessHandle.current().pid()));
    args.add(Main.class.getName());
    args.addAll(List.of(cliArgs));
    try {
      Files.createDirectories(workDir);
      Path argFile = Files.createTempFile(workDir, "java", ".args");
      Files.write(argFile, args.stream().map(KilledCli::quote).toList(), StandardCharsets.UTF_8);
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + argFile)
              .directory(workDir.toFile())
              .redirectErrorStream(true);
      builder.environment().remove("SPARK_TESTING");
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An argument for a java @argfile: quoted, with backslashes and quotes escaped. */
  private static String quote(String arg) {
    return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
