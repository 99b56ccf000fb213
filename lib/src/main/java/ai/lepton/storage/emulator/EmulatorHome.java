package ai.lepton.storage.emulator;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The project's {@code emulators/} folder: Azurite's {@code package.json} and lockfile (installed
 * with {@code npm ci} into {@code node_modules/} on first use), s3proxy's jar (copied there by the
 * build, {@code target/s3proxy.jar}), and {@code run/}, where started servers record their process
 * ids, logs and data.
 */
public final class EmulatorHome {

  /** System property naming the folder (set by the build for tests). */
  public static final String DIR_PROPERTY = "lepton.emulators.dir";

  private static final long NPM_TIMEOUT_MINUTES = 10;

  private final Path dir;
  private final Path stateDir;

  /** The folder at {@code dir}, with state in {@code dir/run}. */
  public EmulatorHome(Path dir) {
    this(dir, dir.resolve("run"));
  }

  /** The folder at {@code dir}, with state of detached servers in {@code stateDir}. */
  public EmulatorHome(Path dir, Path stateDir) {
    this.dir = dir.toAbsolutePath().normalize();
    this.stateDir = stateDir.toAbsolutePath().normalize();
  }

  /**
   * Finds the folder: the {@value #DIR_PROPERTY} system property, else {@code
   * $LEPTON_HOME/emulators} (set by bin/lepton), else an {@code emulators/package.json} in the
   * working directory or one of its parents.
   */
  public static EmulatorHome locate() {
    String property = System.getProperty(DIR_PROPERTY);
    if (property != null && !property.isBlank()) {
      return new EmulatorHome(Path.of(property));
    }
    String home = System.getenv("LEPTON_HOME");
    if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "emulators"))) {
      return new EmulatorHome(Path.of(home, "emulators"));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("emulators/package.json"))) {
        return new EmulatorHome(p.resolve("emulators"));
      }
    }
    throw new EmulatorException(
        "Cannot find Lepton's emulators folder (emulators/package.json). Run from the Lepton"
            + " checkout, use bin/lepton, or set -D"
            + DIR_PROPERTY
            + "=/path/to/lepton/emulators.");
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** Where detached servers keep their process ids, logs and data. */
  public Path stateDir() {
    return stateDir;
  }

  /** s3proxy's runnable jar, copied by the build. */
  public Path s3proxyJar() {
    Path jar = dir.resolve("target/s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new EmulatorException(
          "s3proxy's jar is missing at "
              + jar
              + ". Build first (it is fetched by Maven):"
              + " mvn -B -pl lib process-resources, or run bin/lepton once.");
    }
    return jar;
  }

  /** Azurite's Blob service entry point, installing Azurite with {@code npm ci} if needed. */
  public Path azuriteBlobMain(Consumer<String> progress) {
    Path main = azuriteMainPath();
    if (!Files.isRegularFile(main)) {
      installAzurite(progress);
    }
    return main;
  }

  private Path azuriteMainPath() {
    return dir.resolve("node_modules/azurite/dist/src/blob/main.js");
  }

  /** Runs {@code npm ci} once, holding a file lock so parallel JVMs do not install together. */
  private void installAzurite(Consumer<String> progress) {
    try {
      Files.createDirectories(dir.resolve("target"));
      try (FileChannel ch =
              new RandomAccessFile(dir.resolve("target/npm-install.lock").toFile(), "rw")
                  .getChannel();
          FileLock lock = ch.lock()) {
        if (Files.isRegularFile(azuriteMainPath())) {
          return;
        }
        progress.accept("[emulators] installing Azurite with npm ci in " + dir + " (once) ...");
        runNpmCi();
      }
    } catch (IOException e) {
      throw new EmulatorException("Cannot install Azurite in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void runNpmCi() throws IOException {
    Path log = dir.resolve("target/npm-ci.log");
    List<String> command =
        List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", "--omit=dev");
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new EmulatorException(
          "Cannot run npm to install Azurite ("
              + e.getMessage()
              + "). Install Node.js 18+ with"
              + " npm, then try again.",
          e);
    }
    try {
      if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new EmulatorException(
            "npm ci in "
                + dir
                + " took longer than "
                + NPM_TIMEOUT_MINUTES
                + " minutes; see "
                + log
                + ".");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EmulatorException("Interrupted while installing Azurite.", e);
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(azuriteMainPath())) {
      throw new EmulatorException(
          "npm ci in "
              + dir
              + " failed (exit "
              + p.exitValue()
              + "): "
              + ManagedProcess.tail(log, 10)
              + " Full log: "
              + log
              + ".");
    }
  }
}
