package ai.lepton.jobs.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to {@code spark-submit}: {@code --class MAIN_CLASS JAR ARGS}, with extra {@code --conf}
 * settings and options for the driver JVM (in client mode the driver is the submitting JVM, so
 * {@code spark.driver.extraJavaOptions} cannot reach it).
 *
 * @param jar the application jar
 * @param mainClass its main class
 * @param args the application's arguments
 * @param conf {@code --conf} settings, over the cluster's defaults
 * @param driverJvmOptions options for the driver JVM's command line
 */
record Submission(
    Path jar,
    String mainClass,
    List<String> args,
    Map<String, String> conf,
    List<String> driverJvmOptions) {

  /** Submits {@code mainClass} of {@code jar} with {@code args} and no extra settings. */
  static Submission of(Path jar, String mainClass, List<String> args) {
    return new Submission(jar, mainClass, List.copyOf(args), Map.of(), List.of());
  }

  /** This submission with one more {@code --conf KEY=VALUE}. */
  Submission conf(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(conf);
    more.put(key, value);
    return new Submission(jar, mainClass, args, more, driverJvmOptions);
  }

  /** This submission with one more option on the driver JVM's command line. */
  Submission driverJvmOption(String option) {
    List<String> more = new ArrayList<>(driverJvmOptions);
    more.add(option);
    return new Submission(jar, mainClass, args, conf, more);
  }
}
