package ai.lepton.gpu;

import ai.lepton.config.ConfigException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the RAPIDS Accelerator jar ({@value #FILE}), which is never a dependency of Lepton: the
 * path given on the command line or in {@code lepton.gpu-check.rapids-jar}, else the build's copy
 * ({@code target/rapids/} of the module Lepton runs from, or of {@code lib/} and {@code jobs/}
 * under the working folder), else the local Maven repository.
 */
public final class RapidsJar {

  /** The RAPIDS Accelerator version Lepton checks plans with (its shims know Spark 3.5.5). */
  public static final String VERSION = "25.04.0";

  /** The jar's file name. */
  public static final String FILE = "rapids-4-spark_2.12-" + VERSION + ".jar";

  /**
   * The command that puts the jar where Lepton finds it (the local Maven repository). Plugin 2.8
   * fetches the jar without reading its POM, whose parent is not published (3.x fails on it).
   */
  public static final String FETCH_COMMAND =
      "mvn -B org.apache.maven.plugins:maven-dependency-plugin:2.8:get"
          + " -Dartifact=com.nvidia:rapids-4-spark_2.12:"
          + VERSION
          + " -Dtransitive=false";

  private RapidsJar() {}

  /**
   * The jar to use: {@code explicit} when not blank (it must exist), else the first of {@link
   * #candidates()} that exists.
   */
  public static Path find(String explicit, String key) {
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      if (!Files.isRegularFile(p)) {
        throw new ConfigException(
            "Cannot use the RAPIDS jar "
                + p.toAbsolutePath()
                + " given in "
                + key
                + ": no such file. Fetch it with `"
                + FETCH_COMMAND
                + "` (about 600 MB, once) and point "
                + key
                + " at ~/.m2/repository/com/nvidia/rapids-4-spark_2.12/"
                + VERSION
                + "/"
                + FILE
                + ", or leave it empty to use that copy.");
      }
      return p;
    }
    List<Path> candidates = candidates();
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    "Cannot check GPU plans: the RAPIDS Accelerator jar ("
                        + FILE
                        + ") is not in the build or the local Maven repository (looked in "
                        + candidates.stream().map(p -> p.getParent().toString()).toList()
                        + "). Fetch it once (about 600 MB) with:\n  "
                        + FETCH_COMMAND
                        + "\nor build with `mvn -B -pl lib generate-test-resources` (copies it to"
                        + " lib/target/rapids/), or give its path with --rapids-jar or "
                        + key
                        + "."));
  }

  /** Where the jar is looked for, in order, when no path is given. */
  public static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    codeLocation()
        .ifPresent(
            p -> {
              Path dir = Files.isDirectory(p) ? p : p.getParent();
              for (int i = 0; i < 2 && dir != null; i++, dir = dir.getParent()) {
                out.add(dir.resolve("rapids").resolve(FILE));
              }
            });
    Path cwd = Path.of("").toAbsolutePath();
    for (String module : List.of(".", "lib", "jobs")) {
      out.add(cwd.resolve(module).resolve("target").resolve("rapids").resolve(FILE).normalize());
    }
    String repo = System.getProperty("maven.repo.local");
    Path m2 =
        repo == null || repo.isBlank()
            ? Path.of(System.getProperty("user.home"), ".m2", "repository")
            : Path.of(repo);
    out.add(
        m2.resolve("com/nvidia/rapids-4-spark_2.12")
            .resolve(VERSION)
            .resolve(FILE)
            .toAbsolutePath());
    return out.stream().distinct().toList();
  }

  /** The jar or classes folder Lepton's library was loaded from. */
  private static Optional<Path> codeLocation() {
    try {
      CodeSource source = RapidsJar.class.getProtectionDomain().getCodeSource();
      return source == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return Optional.empty();
    }
  }
}
