package ai.lepton.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.LeptonConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkSubmitArguments;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfile$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The definitions written for chosen plans, read back: EMR and Databricks JSON with Jackson, field
 * by field against the plan; spark-submit arguments with Spark's own {@link SparkSubmitArguments}.
 */
class PlanDefinitionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JAR = "s3://acme/jars/lepton-jobs-cluster.jar";
  private static final List<String> APP_ARGS =
      List.of("reconcile", "-c", "s3://acme/conf/reconcile.conf");

  @TempDir Path dir;

  private PlanResult plan(String extra) {
    LeptonConfig config =
        LeptonConfig.parse(
            """
            lepton.plan {
              input-gb = 500
              sources = [ { name = data, uri = "s3a://acme/accounts/", region = us-east-1 } ]
              constraints.deadline-hours = 2
              submit { jar = "%s", args = ["reconcile", "-c", "s3://acme/conf/reconcile.conf"] }
              emr {
                log-uri = "s3://acme/logs/", cluster-id = "j-ABC123"
                gpu-bootstrap-script = "s3://acme/bootstrap/gpu-cgroups.sh"
              }
              databricks.gpu-init-script = "/Workspace/init/rapids.sh"
            }
            """
                    .formatted(JAR)
                + extra);
    return new PlanAction(config).outputDir(dir).execute();
  }

  private JsonNode json(String file) throws IOException {
    return JSON.readTree(dir.resolve(file).toFile());
  }

  private static Plan planFor(PlanResult r, String file) {
    int rank =
        r.outputs().stream().filter(o -> o.file().endsWith(file)).findFirst().orElseThrow().plan();
    return r.plans().stream().filter(p -> p.rank() == rank).findFirst().orElseThrow();
  }

  @Test
  void emrRunJobFlowMatchesTheGpuPlanFieldByField() throws IOException {
    PlanResult r =
        plan(
            "lepton.plan.constraints { clouds = [aws], platforms = [emr], gpu-types = [T4], spot"
                + " = false }");
    Plan plan = planFor(r, "emr-cluster.json");
    JsonNode flow = json("emr-cluster.json");

    assertThat(flow.path("Name").asText()).isEqualTo("lepton-reconcile");
    assertThat(flow.path("ReleaseLabel").asText()).isEqualTo("emr-7.9.0");
    assertThat(flow.path("LogUri").asText()).isEqualTo("s3://acme/logs/");
    assertThat(flow.path("Applications").findValuesAsText("Name"))
        .containsExactly("Hadoop", "Spark");
    assertThat(flow.path("JobFlowRole").asText()).isEqualTo("EMR_EC2_DefaultRole");
    assertThat(flow.path("ServiceRole").asText()).isEqualTo("EMR_DefaultRole");
    assertThat(flow.path("VisibleToAllUsers").asBoolean()).isTrue();
    JsonNode instances = flow.path("Instances");
    assertThat(instances.path("KeepJobFlowAliveWhenNoSteps").asBoolean(true)).isFalse();
    JsonNode primary = instances.path("InstanceGroups").get(0);
    assertThat(primary.path("InstanceRole").asText()).isEqualTo("MASTER");
    assertThat(primary.path("InstanceType").asText())
        .isEqualTo(plan.cluster().driverInstanceType());
    assertThat(primary.path("InstanceCount").asInt()).isEqualTo(1);
    assertThat(primary.path("Market").asText()).isEqualTo("ON_DEMAND");
    JsonNode core = instances.path("InstanceGroups").get(1);
    assertThat(core.path("InstanceRole").asText()).isEqualTo("CORE");
    assertThat(core.path("InstanceType").asText())
        .isEqualTo(plan.instanceType())
        .startsWith("g4dn.");
    assertThat(core.path("InstanceCount").asInt()).isEqualTo(plan.nodes());
    assertThat(core.path("Market").asText()).isEqualTo("ON_DEMAND");
    assertThat(instances.path("InstanceGroups")).hasSize(2);

    Map<String, JsonNode> configurations = new java.util.LinkedHashMap<>();
    flow.path("Configurations")
        .forEach(c -> configurations.put(c.path("Classification").asText(), c));
    assertThat(configurations)
        .containsOnlyKeys(
            "delta-defaults", "spark", "yarn-site", "container-executor", "capacity-scheduler");
    assertThat(configurations.get("spark").path("Properties").path("enableSparkRapids").asText())
        .isEqualTo("true");
    assertThat(
            configurations.get("yarn-site").path("Properties").path("yarn.resource-types").asText())
        .isEqualTo("yarn.io/gpu");
    assertThat(
            configurations.get("delta-defaults").path("Properties").path("delta.enabled").asText())
        .isEqualTo("true");
    assertThat(
            configurations
                .get("container-executor")
                .path("Configurations")
                .findValuesAsText("Classification"))
        .containsExactly("gpu", "cgroups");
    assertThat(
            flow.path("BootstrapActions")
                .get(0)
                .path("ScriptBootstrapAction")
                .path("Path")
                .asText())
        .isEqualTo("s3://acme/bootstrap/gpu-cgroups.sh");

    JsonNode step = flow.path("Steps").get(0);
    assertThat(step.path("ActionOnFailure").asText()).isEqualTo("TERMINATE_CLUSTER");
    assertThat(step.path("HadoopJarStep").path("Jar").asText()).isEqualTo("command-runner.jar");
    List<String> args = strings(step.path("HadoopJarStep").path("Args"));
    assertThat(args.get(0)).isEqualTo("spark-submit");
    SparkSubmitArguments parsed =
        parse(args.subList(1, args.size()), Map.of("HADOOP_CONF_DIR", "/etc/hadoop/conf"));
    assertThat(parsed.master()).isEqualTo("yarn");
    assertThat(parsed.deployMode()).isEqualTo("client");
    assertThat(parsed.numExecutors()).isEqualTo(String.valueOf(plan.cluster().executors()));
    assertThat(parsed.executorCores()).isEqualTo(String.valueOf(plan.cluster().coresPerExecutor()));
    assertThat(parsed.executorMemory()).isEqualTo(plan.cluster().executorMemory());
    assertThat(properties(parsed))
        .containsEntry("spark.executor.resource.gpu.amount", "1")
        .containsEntry(
            "spark.executor.resource.gpu.discoveryScript",
            "/usr/lib/spark/scripts/gpu/getGpusResources.sh")
        .containsEntry("spark.plugins", "com.nvidia.spark.SQLPlugin")
        .containsEntry("spark.executor.memoryOverhead", plan.cluster().executorMemoryOverhead());
    assertThat(parsed.packages()).isNull();
    assertEverySlotRunsATask(parsed);

    JsonNode addSteps = json("emr-add-steps.json");
    assertThat(addSteps.path("JobFlowId").asText()).isEqualTo("j-ABC123");
    assertThat(addSteps.path("Steps").get(0).path("ActionOnFailure").asText())
        .isEqualTo("CONTINUE");
    assertThat(strings(addSteps.path("Steps").get(0).path("HadoopJarStep").path("Args")))
        .isEqualTo(args);
  }

  @Test
  void sparkSubmitArgumentsOfTheBestPlanPassSparksOwnParser() throws IOException {
    PlanResult r =
        plan("lepton.plan.constraints { clouds = [aws], gpu-types = [T4], spot = false }");
    Plan best = r.plans().get(0);
    List<String> args = Files.readAllLines(dir.resolve("spark-submit.args"));
    SparkSubmitArguments parsed = parse(args);

    assertThat(parsed.mainClass()).isEqualTo("ai.lepton.jobs.Main");
    assertThat(parsed.name()).isEqualTo("lepton-reconcile");
    assertThat(parsed.primaryResource()).isEqualTo(JAR);
    assertThat(JavaConverters.bufferAsJavaList(parsed.childArgs())).isEqualTo(APP_ARGS);
    assertThat(parsed.numExecutors()).isEqualTo(String.valueOf(best.cluster().executors()));
    assertThat(parsed.executorCores()).isEqualTo(String.valueOf(best.cluster().coresPerExecutor()));
    assertThat(parsed.totalExecutorCores())
        .isEqualTo(String.valueOf(best.cluster().executors() * best.cluster().coresPerExecutor()));
    assertThat(parsed.executorMemory()).isEqualTo(best.cluster().executorMemory());
    assertThat(parsed.driverMemory()).isEqualTo("8g");
    assertThat(parsed.packages()).isEqualTo("io.delta:delta-spark_2.12:3.3.3");
    assertThat(parsed.jars()).contains("rapids-4-spark_2.12-25.04.0.jar");
    assertThat(properties(parsed))
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .containsEntry("spark.rapids.sql.concurrentGpuTasks", "2")
        .containsEntry("spark.rapids.memory.pinnedPool.size", "2g")
        .containsEntry(
            "spark.executor.resource.gpu.discoveryScript",
            "/opt/sparkRapidsPlugin/getGpusResources.sh");
    assertEverySlotRunsATask(parsed);

    String script = Files.readString(dir.resolve("spark-submit.sh"));
    assertThat(script)
        .startsWith("#!/bin/sh\n# Lepton plan #1: ")
        .contains("exec spark-submit \\\n  --class ai.lepton.jobs.Main \\\n");
    assertThat(script.lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo("  " + JAR + " reconcile -c s3://acme/conf/reconcile.conf \"$@\"");
    assertThat(Files.isExecutable(dir.resolve("spark-submit.sh"))).isTrue();
  }

  @Test
  void cpuPlansCarryNoGpuSettings() throws IOException {
    PlanResult r = plan("lepton.plan.constraints { clouds = [aws], allow-gpu = false }");
    SparkSubmitArguments parsed = parse(Files.readAllLines(dir.resolve("spark-submit.args")));
    assertThat(r.plans().get(0).gpu()).isNull();
    assertThat(properties(parsed))
        .doesNotContainKeys("spark.plugins", "spark.task.resource.gpu.amount");
    assertThat(parsed.jars()).isNull();
    assertEverySlotRunsATask(parsed);
  }

  @Test
  void databricksJobMatchesTheSpotPlanOnAzure() throws IOException {
    PlanResult r =
        plan(
            "lepton.plan.constraints { clouds = [azure], platforms = [databricks], allow-gpu = false }");
    Plan plan = planFor(r, "databricks-job.json");
    assertThat(plan.spot()).isTrue();
    JsonNode job = json("databricks-job.json");

    assertThat(job.path("name").asText()).isEqualTo("lepton-reconcile");
    assertThat(job.path("max_concurrent_runs").asInt()).isEqualTo(1);
    assertThat(job.path("timeout_seconds").asLong()).isEqualTo(7200);
    assertThat(job.path("tasks")).hasSize(1);
    JsonNode task = job.path("tasks").get(0);
    assertThat(task.path("task_key").asText()).isEqualTo("lepton_reconcile");
    assertThat(task.path("spark_jar_task").path("main_class_name").asText())
        .isEqualTo("ai.lepton.jobs.Main");
    assertThat(strings(task.path("spark_jar_task").path("parameters"))).isEqualTo(APP_ARGS);
    assertThat(task.path("libraries").get(0).path("jar").asText()).isEqualTo(JAR);
    JsonNode cluster = task.path("new_cluster");
    assertThat(cluster.path("spark_version").asText()).isEqualTo("15.4.x-scala2.12");
    assertThat(cluster.path("node_type_id").asText()).isEqualTo(plan.instanceType());
    assertThat(cluster.path("driver_node_type_id").asText()).isEqualTo("Standard_D4s_v5");
    assertThat(cluster.path("num_workers").asInt()).isEqualTo(plan.nodes());
    assertThat(cluster.path("azure_attributes").path("availability").asText())
        .isEqualTo("SPOT_WITH_FALLBACK_AZURE");
    assertThat(cluster.path("azure_attributes").path("first_on_demand").asInt()).isEqualTo(1);
    assertThat(cluster.has("aws_attributes")).isFalse();
    assertThat(cluster.has("init_scripts")).isFalse();
    assertThat(cluster.path("spark_conf").path("spark.sql.shuffle.partitions").asInt())
        .isGreaterThanOrEqualTo(1954);
    assertThat(cluster.path("spark_conf").has("spark.plugins")).isFalse();
  }

  @Test
  void databricksGpuJobsGetTheRapidsSettingsAndInitScript() throws IOException {
    PlanResult r =
        plan(
            "lepton.plan.constraints { clouds = [aws], platforms = [databricks], gpu-types = [L4],"
                + " spot = false }");
    Plan plan = planFor(r, "databricks-job.json");
    JsonNode cluster = json("databricks-job.json").path("tasks").get(0).path("new_cluster");

    assertThat(plan.gpu().name()).isEqualTo("L4");
    assertThat(cluster.path("spark_version").asText()).isEqualTo("15.4.x-gpu-ml-scala2.12");
    assertThat(cluster.path("aws_attributes").path("availability").asText()).isEqualTo("ON_DEMAND");
    assertThat(cluster.path("init_scripts").get(0).path("workspace").path("destination").asText())
        .isEqualTo("/Workspace/init/rapids.sh");
    JsonNode conf = cluster.path("spark_conf");
    assertThat(conf.path("spark.plugins").asText()).isEqualTo("com.nvidia.spark.SQLPlugin");
    double perTask = conf.path("spark.task.resource.gpu.amount").asDouble();
    int vcpus = plan.cluster().vcpusPerNode();
    assertThat((int) Math.floor(plan.gpu().perNode() / perTask)).isEqualTo(vcpus);
  }

  @Test
  void sparksParserRejectsWhatItShould() {
    assertThatThrownBy(
            () ->
                parse(
                    List.of(
                        "--class", "ai.lepton.jobs.Main", "--num-executors", "0", "lepton.jar")))
        .hasMessageContaining("Number of executors must be a positive number");
  }

  @Test
  void taskGpuAmountsGiveOneSlotPerCore() {
    assertThat(SparkSubmit.taskGpuAmount(1, 8)).isEqualTo("0.125");
    assertThat(SparkSubmit.taskGpuAmount(1, 6)).isEqualTo("0.1666");
    assertThat(SparkSubmit.taskGpuAmount(1, 3)).isEqualTo("0.3333");
    assertThat(SparkSubmit.taskGpuAmount(1, 1)).isEqualTo("1");
    assertThat(SparkSubmit.taskGpuAmount(4, 48)).isEqualTo("0.0833");
    for (int cores = 2; cores <= 64; cores++) {
      double amount = Double.parseDouble(SparkSubmit.taskGpuAmount(1, cores));
      assertThat((int) Math.floor(1 / amount)).as("%d cores", cores).isEqualTo(cores);
    }
  }

  /** Spark's own resource profile of the parsed settings runs one task per executor core. */
  private static void assertEverySlotRunsATask(SparkSubmitArguments parsed) {
    SparkConf conf = parsed.toSparkConf(Option.empty());
    conf.set("spark.executor.cores", parsed.executorCores());
    ResourceProfile$.MODULE$.clearDefaultProfile();
    try {
      ResourceProfile profile = ResourceProfile$.MODULE$.getOrCreateDefaultProfile(conf);
      assertThat(profile.maxTasksPerExecutor(conf))
          .isEqualTo(Integer.parseInt(parsed.executorCores()));
    } finally {
      ResourceProfile$.MODULE$.clearDefaultProfile();
    }
  }

  static SparkSubmitArguments parse(List<String> args) {
    return parse(args, Map.of());
  }

  /** Parses as {@code spark-submit} would with the given environment (as on an EMR node). */
  static SparkSubmitArguments parse(List<String> args, Map<String, String> environment) {
    scala.collection.Seq<String> seq = JavaConverters.asScalaBuffer(new ArrayList<>(args)).toSeq();
    scala.collection.immutable.Map<String, String> env =
        scala.collection.immutable.Map$.MODULE$.<String, String>empty();
    for (Map.Entry<String, String> e : environment.entrySet()) {
      env = env.$plus(new scala.Tuple2<>(e.getKey(), e.getValue()));
    }
    return new SparkSubmitArguments(seq, env);
  }

  private static Map<String, String> properties(SparkSubmitArguments parsed) {
    return JavaConverters.mapAsJavaMap(parsed.sparkProperties());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
