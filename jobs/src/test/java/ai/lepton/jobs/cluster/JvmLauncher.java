package ai.lepton.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts child JVMs on the platform classpath with Spark's Java 17 flags, each wrapped in {@link
 * ParentWatchdog} so it ends with the test JVM, with stdout and stderr going to files.
 */
final class JvmLauncher {

  private final Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
  private final List<String> jvmFlags;
  private final String classpath;
  private final Map<String, String> env;
  private final Path logDir;
  private final Path workDir;

  private JvmLauncher(
      List<String> jvmFlags, String classpath, Map<String, String> env, Path logDir, Path workDir) {
    this.jvmFlags = jvmFlags;
    this.classpath = classpath;
    this.env = env;
    this.logDir = logDir;
    this.workDir = workDir;
  }

  /**
   * A launcher whose JVMs see {@code platform} plus the watchdog class, run with {@code env} added
   * to this JVM's environment (minus {@code SPARK_TESTING}), and start in {@code workDir}.
   */
  static JvmLauncher create(
      List<String> jvmFlags, List<Path> platform, Map<String, String> env, Path dir) {
    Path watchdog = copyWatchdog(dir.resolve("watchdog-classes"));
    String classpath =
        Stream.concat(platform.stream(), Stream.of(watchdog))
            .map(Path::toString)
            .collect(Collectors.joining(File.pathSeparator));
    return new JvmLauncher(
        List.copyOf(jvmFlags), classpath, Map.copyOf(env), mkdirs(dir.resolve("logs")), dir);
  }

  /**
   * Starts {@code mainClass} with {@code args}; its logs are {@code logs/NAME.out} and {@code
   * .err}.
   */
  ChildJvm start(String name, List<String> jvmArgs, String mainClass, List<String> args) {
    return start(name, List.of(), workDir, jvmArgs, mainClass, args);
  }

  /**
   * As {@link #start(String, List, String, List)}, run through {@code prefix} (a command that ends
   * by executing its arguments, such as {@code unshare ... sh -c 'exec "$@"'}) in folder {@code
   * cwd}.
   */
  ChildJvm start(
      String name,
      List<String> prefix,
      Path cwd,
      List<String> jvmArgs,
      String mainClass,
      List<String> args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(javaBinary.toString());
    command.addAll(jvmFlags);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath);
    command.add(ParentWatchdog.class.getName());
    command.add(String.valueOf(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(mkdirs(cwd).toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().remove("SPARK_TESTING");
    builder.environment().putAll(env);
    try {
      return new ChildJvm(name, builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
    }
  }

  private static Path copyWatchdog(Path classes) {
    String resource = ParentWatchdog.class.getSimpleName() + ".class";
    Path target =
        classes.resolve(ParentWatchdog.class.getPackageName().replace('.', '/')).resolve(resource);
    try (InputStream in = ParentWatchdog.class.getResourceAsStream(resource)) {
      Files.createDirectories(target.getParent());
      Files.copy(in, target);
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
