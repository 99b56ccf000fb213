package ai.lepton.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EMR definitions for a plan on EMR: a RunJobFlow request that starts the cluster, runs the job as
 * a step and terminates, and an AddJobFlowSteps request that runs it on an existing cluster. Both
 * are the EMR API's request shapes (as the AWS SDKs take them, e.g. boto3 {@code run_job_flow}).
 */
final class EmrDefinitions {

  static final String CLUSTER_ID_PLACEHOLDER = "j-REPLACE-WITH-CLUSTER-ID";

  private final PlanConfig config;
  private final SparkSubmit submit;
  private final String job;

  EmrDefinitions(PlanConfig config, SparkSubmit submit, String job) {
    this.config = config;
    this.submit = submit;
    this.job = job;
  }

  /** The RunJobFlow request. */
  Map<String, Object> runJobFlow(Candidate c) {
    PlanConfig.Emr emr = config.emr();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("Name", "lepton-" + job);
    request.put("ReleaseLabel", emr.releaseLabel());
    if (!emr.logUri().isEmpty()) {
      request.put("LogUri", emr.logUri());
    }
    request.put("Applications", List.of(Map.of("Name", "Hadoop"), Map.of("Name", "Spark")));
    Map<String, Object> instances = new LinkedHashMap<>();
    instances.put(
        "InstanceGroups",
        List.of(
            group("Primary", "MASTER", false, c.shape().driver().name(), 1),
            group("Core", "CORE", c.shape().spot(), c.shape().offer().name(), c.nodes())));
    instances.put("KeepJobFlowAliveWhenNoSteps", false);
    instances.put("TerminationProtected", false);
    request.put("Instances", instances);
    request.put("Steps", List.of(step(c, "TERMINATE_CLUSTER")));
    request.put("Configurations", configurations(c));
    if (c.shape().offer().hasGpu() && !emr.gpuBootstrapScript().isEmpty()) {
      request.put(
          "BootstrapActions",
          List.of(
              Map.of(
                  "Name",
                  "GPU cgroups for YARN",
                  "ScriptBootstrapAction",
                  Map.of("Path", emr.gpuBootstrapScript()))));
    }
    request.put("JobFlowRole", emr.instanceProfile());
    request.put("ServiceRole", emr.serviceRole());
    request.put("VisibleToAllUsers", true);
    return request;
  }

  /** The AddJobFlowSteps request for a running cluster. */
  Map<String, Object> addSteps(Candidate c) {
    Map<String, Object> request = new LinkedHashMap<>();
    String id = config.emr().clusterId();
    request.put("JobFlowId", id.isEmpty() ? CLUSTER_ID_PLACEHOLDER : id);
    request.put("Steps", List.of(step(c, "CONTINUE")));
    return request;
  }

  private Map<String, Object> step(Candidate c, String onFailure) {
    List<String> args = new ArrayList<>();
    args.add("spark-submit");
    args.addAll(submit.args(c, SparkSubmit.Mode.EMR_STEP));
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("Name", "lepton " + job);
    step.put("ActionOnFailure", onFailure);
    step.put("HadoopJarStep", Map.of("Jar", "command-runner.jar", "Args", args));
    return step;
  }

  private static Map<String, Object> group(
      String name, String role, boolean spot, String type, int count) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("Name", name);
    g.put("InstanceRole", role);
    g.put("Market", spot ? "SPOT" : "ON_DEMAND");
    g.put("InstanceType", type);
    g.put("InstanceCount", count);
    return g;
  }

  private List<Map<String, Object>> configurations(Candidate c) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(classification("delta-defaults", Map.of("delta.enabled", "true")));
    if (!c.shape().offer().hasGpu()) {
      return out;
    }
    out.add(classification("spark", Map.of("enableSparkRapids", "true")));
    Map<String, String> yarn = new LinkedHashMap<>();
    yarn.put("yarn.nodemanager.resource-plugins", "yarn.io/gpu");
    yarn.put("yarn.resource-types", "yarn.io/gpu");
    yarn.put("yarn.nodemanager.resource-plugins.gpu.allowed-gpu-devices", "auto");
    yarn.put("yarn.nodemanager.resource-plugins.gpu.path-to-discovery-executables", "/usr/bin");
    yarn.put("yarn.nodemanager.linux-container-executor.cgroups.mount", "true");
    yarn.put("yarn.nodemanager.linux-container-executor.cgroups.mount-path", "/sys/fs/cgroup");
    yarn.put("yarn.nodemanager.linux-container-executor.cgroups.hierarchy", "yarn");
    yarn.put(
        "yarn.nodemanager.container-executor.class",
        "org.apache.hadoop.yarn.server.nodemanager.LinuxContainerExecutor");
    out.add(classification("yarn-site", yarn));
    Map<String, Object> executor = classification("container-executor", Map.of());
    executor.put(
        "Configurations",
        List.of(
            classification("gpu", Map.of("module.enabled", "true")),
            classification("cgroups", Map.of("root", "/sys/fs/cgroup", "yarn-hierarchy", "yarn"))));
    out.add(executor);
    out.add(
        classification(
            "capacity-scheduler",
            Map.of(
                "yarn.scheduler.capacity.resource-calculator",
                "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator")));
    return out;
  }

  private static Map<String, Object> classification(String name, Map<String, String> properties) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("Classification", name);
    c.put("Properties", new LinkedHashMap<>(properties));
    return c;
  }
}
