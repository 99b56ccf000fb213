package ai.lepton.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Spark installation made of symlinks: {@code jars/} holds one link per platform jar. That is all
 * a standalone worker needs to build its executors' classpath, so no Spark distribution is needed.
 */
final class SparkHome {

  private SparkHome() {}

  /** Creates {@code dir/jars} with a link per jar and returns {@code dir}. */
  static Path create(Path dir, List<Path> platformJars) {
    try {
      Path jars = Files.createDirectories(dir.resolve("jars"));
      for (Path jar : platformJars) {
        Path link = jars.resolve(jar.getFileName().toString());
        for (int i = 1; Files.exists(link, LinkOption.NOFOLLOW_LINKS); i++) {
          link = jars.resolve(i + "-" + jar.getFileName());
        }
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a Spark home in " + dir, e);
    }
  }

  /**
   * What every Spark JVM of the cluster needs in its environment: the home, the Scala version
   * (without it executors fail with "Cannot find any build directories") and the loopback address.
   */
  static Map<String, String> environment(Path home) {
    return Map.of(
        "SPARK_HOME", home.toString(),
        "SPARK_SCALA_VERSION", "2.12",
        "SPARK_LOCAL_IP", "127.0.0.1");
  }
}
