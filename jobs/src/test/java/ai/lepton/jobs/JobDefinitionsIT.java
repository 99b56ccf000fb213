package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import ai.lepton.plan.PlanConfig;
import ai.lepton.reconcile.ReconcileConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job definitions users deploy (conf/databricks, conf/emr, conf/spark-submit) cannot drift from
 * the code: every task's main class is in the cluster jar, its exact argument list parses with
 * Lepton's command line, and the config files it names load and validate. One dynamic test per
 * task, named by file and task.
 */
class JobDefinitionsIT {

  static final String MAIN = "ai.lepton.jobs.Main";
  static final Path CONF = repo().resolve("conf");
  static final ObjectMapper JSON = new ObjectMapper();

  /** spark-submit options that take a value (Spark 3.5's SparkSubmitOptionParser). */
  static final Set<String> SUBMIT_OPTIONS_WITH_VALUE =
      Set.of(
          "--master",
          "--deploy-mode",
          "--class",
          "--name",
          "--jars",
          "--packages",
          "--exclude-packages",
          "--repositories",
          "--py-files",
          "--files",
          "--archives",
          "--conf",
          "-c",
          "--properties-file",
          "--driver-memory",
          "--driver-java-options",
          "--driver-library-path",
          "--driver-class-path",
          "--executor-memory",
          "--proxy-user",
          "--driver-cores",
          "--total-executor-cores",
          "--executor-cores",
          "--num-executors",
          "--queue",
          "--principal",
          "--keytab");

  @TempDir static Path dir;

  /** The jobs the data-jobs jar (no model libraries) holds everything for. */
  static final List<String> DATA_JOBS = List.of("reconcile", "sync", "plan", "runs");

  static JarFile clusterJar;
  static JarFile dataJar;

  @BeforeAll
  static void openClusterJars() throws IOException {
    clusterJar = open("lepton.it.cluster-jar");
    dataJar = open("lepton.it.data-jar");
  }

  private static JarFile open(String property) throws IOException {
    String jar = System.getProperty(property);
    assertThat(jar).as("%s (set by failsafe in jobs/pom.xml)", property).isNotBlank();
    assertThat(Path.of(jar)).as("%s; run with mvn verify", jar).isRegularFile();
    return new JarFile(jar);
  }

  @Test
  void clusterJarHoldsTheMainClassAndLeavesSparkAndDeltaToThePlatform() {
    assertThat(clusterJar.getEntry(MAIN.replace('.', '/') + ".class")).isNotNull();
    assertThat(
            clusterJar.stream()
                .map(e -> e.getName())
                .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("io/delta/"))
                .filter(n -> !n.endsWith("/"))
                // XGBoost4J-Spark ships its own helpers in Spark ML's package; they are not Spark.
                .filter(n -> !n.startsWith("org/apache/spark/ml/xgboost/")))
        .as("Spark and Delta classes inside the cluster jar")
        .isEmpty();
    assertThat(clusterJar.getEntry("org/apache/spark/ml/xgboost/SparkUtils.class"))
        .as("XGBoost4J-Spark's own classes stay in the jar")
        .isNotNull();
  }

  @Test
  void databricksPipelineRunsTheFourStepsInOrderOnSpark35() throws IOException {
    for (String file : List.of("nightly-pipeline.json", "nightly-pipeline-gpu.json")) {
      JsonNode job = JSON.readTree(CONF.resolve("databricks").resolve(file).toFile());
      Map<String, String> after = new LinkedHashMap<>();
      job.path("tasks")
          .forEach(
              t ->
                  after.put(
                      t.path("task_key").asText(),
                      t.path("depends_on").path(0).path("task_key").asText("")));
      assertThat(after)
          .as(file)
          .containsExactly(
              Map.entry("reconcile", ""),
              Map.entry("train", "reconcile"),
              Map.entry("quantize", "train"),
              Map.entry("export", "quantize"));
      assertThat(job.path("schedule").path("quartz_cron_expression").asText()).isNotBlank();
      job.path("job_clusters")
          .forEach(
              c ->
                  assertThat(c.path("new_cluster").path("spark_version").asText())
                      .as("%s: 15.4 LTS ships Spark 3.5", file)
                      .startsWith("15.4."));
      job.path("tasks")
          .forEach(
              t -> {
                assertThat(t.path("spark_jar_task").path("main_class_name").asText())
                    .isEqualTo(MAIN);
                assertThat(t.path("libraries").path(0).path("jar").asText())
                    .matches(".*/lepton-jobs-[^/]+-cluster\\.jar");
              });
    }
  }

  @Test
  void gpuVariantsUseTheRapidsProfile() throws IOException {
    Properties rapids = new Properties();
    try (var in = Files.newBufferedReader(CONF.resolve("spark-rapids.conf"))) {
      rapids.load(in);
    }
    JsonNode dbx = JSON.readTree(CONF.resolve("databricks/nightly-pipeline-gpu.json").toFile());
    JsonNode gpu = dbx.path("job_clusters").path(1).path("new_cluster");
    assertThat(gpu.path("spark_version").asText()).contains("gpu-ml");
    assertThat(gpu.path("spark_conf").path("spark.plugins").asText())
        .isEqualTo(rapids.getProperty("spark.plugins"));
    assertThat(gpu.path("spark_conf").path("spark.rapids.sql.concurrentGpuTasks").asText())
        .isEqualTo(rapids.getProperty("spark.rapids.sql.concurrentGpuTasks"));
    assertThat(gpu.path("spark_conf").path("spark.shuffle.manager").asText())
        .as("the Databricks 15.4 shim named in spark-rapids.conf")
        .contains("spark350db143");

    JsonNode emr = JSON.readTree(CONF.resolve("emr/cluster-gpu.json").toFile());
    Map<String, JsonNode> classifications = classifications(emr);
    assertThat(classifications.get("spark").path("enableSparkRapids").asText()).isEqualTo("true");
    assertThat(
            classifications
                .get("spark-defaults")
                .path("spark.rapids.sql.concurrentGpuTasks")
                .asText())
        .isEqualTo(rapids.getProperty("spark.rapids.sql.concurrentGpuTasks"));
    assertThat(classifications.get("spark-defaults").path("spark.shuffle.manager").asText())
        .isEqualTo(rapids.getProperty("spark.shuffle.manager"));
  }

  @Test
  void emrClustersRunSpark35WithDelta() throws IOException {
    for (String file : List.of("cluster.json", "cluster-gpu.json")) {
      JsonNode cluster = JSON.readTree(CONF.resolve("emr").resolve(file).toFile());
      assertThat(cluster.path("ReleaseLabel").asText()).as(file).matches("emr-7\\.\\d+\\.\\d+");
      Map<String, JsonNode> c = classifications(cluster);
      assertThat(c.get("delta-defaults").path("delta.enabled").asText()).isEqualTo("true");
      assertThat(c.get("spark-defaults").path("spark.sql.extensions").asText())
          .isEqualTo("io.delta.sql.DeltaSparkSessionExtension");
      assertThat(c.get("spark-defaults").path("spark.sql.catalog.spark_catalog").asText())
          .isEqualTo("org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
  }

  /** One test per task of every definition: main class in the jar, CLI parse, config check. */
  @TestFactory
  Stream<DynamicTest> everyTaskParsesWithLeptonsCommandLineAndItsConfigValidates()
      throws Exception {
    List<Task> tasks = new ArrayList<>();
    tasks.addAll(databricks("nightly-pipeline.json"));
    tasks.addAll(databricks("nightly-pipeline-gpu.json"));
    tasks.addAll(emrSteps("nightly-steps.json"));
    tasks.addAll(emrSteps("nightly-steps-gpu.json"));
    tasks.addAll(script("nightly-standalone.sh"));
    tasks.addAll(script("nightly-yarn.sh"));
    assertThat(tasks).hasSize(24);
    assertThat(tasks.stream().filter(t -> t.jar().endsWith("-data.jar")).map(Task::name))
        .as("the reconcile steps of EMR and spark-submit use the data-jobs jar")
        .hasSize(4)
        .allMatch(n -> n.endsWith("reconcile"));
    return tasks.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> check(t)));
  }

  /**
   * A task: where it is defined, the main class it runs, the application jar and the arguments Main
   * gets.
   */
  record Task(String name, String mainClass, String jar, List<String> args) {}

  private static void check(Task task) {
    boolean data = task.jar().endsWith("-data.jar");
    assertThat(
            (data ? dataJar : clusterJar).getEntry(task.mainClass().replace('.', '/') + ".class"))
        .as("%s: main class %s in %s", task.name(), task.mainClass(), task.jar())
        .isNotNull();
    CommandLine cli = new CommandLine(new Main());
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(task.args().toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(
          task.name()
              + ": lepton "
              + String.join(" ", task.args())
              + " does not parse: "
              + e.getMessage(),
          e);
    }
    assertThat(parsed.hasSubcommand()).as("%s names a command", task.name()).isTrue();
    CommandLine.ParseResult sub = parsed.subcommand();
    if (data) {
      assertThat(sub.commandSpec().name())
          .as("%s: a job the data-jobs jar has every class for", task.name())
          .isIn(DATA_JOBS);
    }
    Object mixin = sub.commandSpec().mixins().get("options").userObject();
    assertThat(mixin).isInstanceOf(JobOptions.class);
    JobOptions options = (JobOptions) mixin;
    List<Path> files = options.configFiles.stream().map(JobDefinitionsIT::inRepo).toList();
    assertThat(files).as("%s: config files", task.name()).isNotEmpty();
    LeptonConfig config = LeptonConfig.load(files, options.overrides);
    switch (sub.commandSpec().name()) {
      case "reconcile", "sync" -> ReconcileConfig.from(config);
      case "plan" -> PlanConfig.from(config);
      default -> {
        // train, quantize, export: LeptonConfig.load has checked every key against reference.conf.
      }
    }
  }

  /** A config file named by a definition, as checked in under conf/nightly. */
  private static Path inRepo(String deployed) {
    Path file = CONF.resolve("nightly").resolve(deployed.substring(deployed.lastIndexOf('/') + 1));
    assertThat(file).as("%s is deployed from conf/nightly", deployed).isRegularFile();
    return file;
  }

  private static List<Task> databricks(String file) throws IOException {
    JsonNode job = JSON.readTree(CONF.resolve("databricks").resolve(file).toFile());
    List<Task> tasks = new ArrayList<>();
    for (JsonNode t : job.path("tasks")) {
      JsonNode jar = t.path("spark_jar_task");
      tasks.add(
          new Task(
              "databricks/" + file + " " + t.path("task_key").asText(),
              jar.path("main_class_name").asText(),
              t.path("libraries").path(0).path("jar").asText(),
              strings(jar.path("parameters"))));
    }
    return tasks;
  }

  private static List<Task> emrSteps(String file) throws IOException {
    JsonNode request = JSON.readTree(CONF.resolve("emr").resolve(file).toFile());
    List<Task> tasks = new ArrayList<>();
    for (JsonNode step : request.path("Steps")) {
      List<String> args = strings(step.path("HadoopJarStep").path("Args"));
      assertThat(step.path("HadoopJarStep").path("Jar").asText()).isEqualTo("command-runner.jar");
      assertThat(args.get(0))
          .as("emr/%s %s: every step is a spark-submit", file, step.path("Name").asText())
          .isEqualTo("spark-submit");
      for (int i = 0; i < args.size() - 1; i++) {
        if (args.get(i).equals("-c")) {
          assertThat(args.get(i + 1))
              .as("emr/%s: configs are read from S3 by -c, not copied to the primary node", file)
              .startsWith("s3://");
        }
      }
      tasks.add(
          submitted(
              "emr/" + file + " " + step.path("Name").asText(), args.subList(1, args.size())));
    }
    return tasks;
  }

  /** Runs the script with a spark-submit that records its arguments instead of submitting. */
  private static List<Task> script(String file) throws IOException, InterruptedException {
    Path record = dir.resolve(file + ".args");
    Path fake = dir.resolve("fake-spark-submit-" + file);
    Files.writeString(
        fake,
        "#!/usr/bin/env bash\nfor a in \"$@\"; do printf '%s\\0' \"$a\" >> \""
            + record
            + "\"; done\nprintf '\\n\\0' >> \""
            + record
            + "\"\n");
    fake.toFile().setExecutable(true);
    ProcessBuilder builder =
        new ProcessBuilder("bash", CONF.resolve("spark-submit").resolve(file).toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(file + ".log").toFile());
    builder.environment().put("SPARK_SUBMIT", fake.toString());
    builder.environment().put("LEPTON_REPORTS", dir.resolve("reports").toString());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("exit code of %s\n%s", file, Files.readString(dir.resolve(file + ".log")))
        .isZero();
    List<Task> tasks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String arg : Files.readString(record, StandardCharsets.UTF_8).split("\0")) {
      if (arg.equals("\n")) {
        tasks.add(
            submitted(
                "spark-submit/" + file + " " + current.get(current.indexOf("--name") + 1),
                current));
        current = new ArrayList<>();
      } else {
        current.add(arg);
      }
    }
    return tasks;
  }

  /** Splits spark-submit arguments into options, the application jar and the application's own. */
  static Task submitted(String name, List<String> args) {
    String mainClass = null;
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      String option = args.get(i);
      assertThat(SUBMIT_OPTIONS_WITH_VALUE.contains(option) || option.equals("--verbose"))
          .as("%s: spark-submit option %s", name, option)
          .isTrue();
      if (option.equals("--class")) {
        mainClass = args.get(i + 1);
      }
      i += SUBMIT_OPTIONS_WITH_VALUE.contains(option) ? 2 : 1;
    }
    assertThat(mainClass).as("%s: --class", name).isNotNull();
    assertThat(args.get(i))
        .as("%s: the application jar", name)
        .matches(".*lepton-jobs-[^/]+-(cluster|data)\\.jar");
    return new Task(name, mainClass, args.get(i), List.copyOf(args.subList(i + 1, args.size())));
  }

  private static Map<String, JsonNode> classifications(JsonNode request) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    request
        .path("Configurations")
        .forEach(c -> out.put(c.path("Classification").asText(), c.path("Properties")));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Path repo() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("conf")) ? here : here.getParent();
  }
}
