package ai.lepton.jobs.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the build passes to cluster tests as system properties (see failsafe in {@code
 * jobs/pom.xml}): the platform classpath (Spark, Delta, Hadoop: the {@code provided} dependencies),
 * Spark's Java 17 flags, and Lepton's cluster jar.
 *
 * @param platformClasspath jars every cluster JVM runs on
 * @param jvmFlags Spark's Java 17 launcher flags
 * @param clusterJar the jar users submit
 */
record ClusterTestProperties(List<Path> platformClasspath, List<String> jvmFlags, Path clusterJar) {

  static final String PLATFORM_CLASSPATH = "lepton.it.platform-classpath";
  static final String JVM_FLAGS = "lepton.it.spark-jvm-flags";
  static final String CLUSTER_JAR = "lepton.it.cluster-jar";
  static final String DATA_JAR = "lepton.it.data-jar";

  /** Reads the properties; fails naming the missing one. */
  static ClusterTestProperties fromSystem() {
    List<Path> platform =
        Arrays.stream(required(PLATFORM_CLASSPATH).split(File.pathSeparator))
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .toList();
    List<String> flags = Arrays.stream(required(JVM_FLAGS).trim().split("\\s+")).toList();
    Path jar = Path.of(required(CLUSTER_JAR));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The cluster jar "
              + jar
              + " does not exist. Run the test with mvn verify (package first).");
    }
    return new ClusterTestProperties(platform, flags, jar);
  }

  /**
   * The data-jobs jar ({@code lepton.it.data-jar}): the cluster jar without the model libraries,
   * for reconcile, sync, plan and runs.
   */
  static Path dataJar() {
    Path jar = Path.of(required(DATA_JAR));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The data-jobs jar " + jar + " does not exist. Run the test with mvn verify.");
    }
    return jar;
  }

  private static String required(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException(
          "System property "
              + key
              + " is not set. Run cluster tests through failsafe (mvn verify -pl lib,jobs), which"
              + " sets it from jobs/pom.xml.");
    }
    return value;
  }
}
