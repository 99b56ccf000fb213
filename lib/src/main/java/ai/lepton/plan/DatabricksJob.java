package ai.lepton.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Databricks Jobs API 2.1 job ({@code POST /api/2.1/jobs/create}) for a plan on Databricks: one
 * task that runs {@code ai.lepton.jobs.Main} from the cluster jar ({@code spark_jar_task}) on a new
 * job cluster of the plan's shape.
 */
final class DatabricksJob {

  private final PlanConfig config;
  private final SparkSubmit submit;
  private final String job;

  DatabricksJob(PlanConfig config, SparkSubmit submit, String job) {
    this.config = config;
    this.submit = submit;
    this.job = job;
  }

  /** The job settings. */
  Map<String, Object> create(Candidate c) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("task_key", "lepton_" + job);
    task.put("new_cluster", cluster(c));
    task.put(
        "spark_jar_task",
        Map.of("main_class_name", SparkSubmit.MAIN_CLASS, "parameters", submit.appArgs()));
    task.put("libraries", List.of(Map.of("jar", submit.jar())));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("name", "lepton-" + job);
    settings.put("tasks", List.of(task));
    settings.put("max_concurrent_runs", 1);
    double deadline = config.constraints().deadlineHours();
    if (deadline > 0) {
      settings.put("timeout_seconds", (long) Math.ceil(deadline * 3600));
    }
    return settings;
  }

  private Map<String, Object> cluster(Candidate c) {
    InstanceOffer o = c.shape().offer();
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put(
        "spark_version",
        o.hasGpu() ? config.databricks().gpuSparkVersion() : config.databricks().sparkVersion());
    cluster.put("node_type_id", o.machineType());
    cluster.put("driver_node_type_id", c.shape().driver().machineType());
    cluster.put("num_workers", c.nodes());
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.shuffle.partitions", String.valueOf(submit.shufflePartitions(c)));
    if (o.hasGpu()) {
      conf.putAll(submit.rapids(o.gpuCount(), o.vcpus()));
    }
    cluster.put("spark_conf", conf);
    cluster.put(o.cloud() + "_attributes", attributes(o.cloud(), c.shape().spot()));
    if (o.hasGpu() && !config.databricks().gpuInitScript().isEmpty()) {
      cluster.put(
          "init_scripts",
          List.of(Map.of("workspace", Map.of("destination", config.databricks().gpuInitScript()))));
    }
    return cluster;
  }

  /** Spot or on demand, per cloud; the driver (first node) always on demand. */
  static Map<String, Object> attributes(String cloud, boolean spot) {
    Map<String, Object> a = new LinkedHashMap<>();
    switch (cloud) {
      case "aws" -> {
        a.put("availability", spot ? "SPOT_WITH_FALLBACK" : "ON_DEMAND");
        a.put("first_on_demand", 1);
        a.put("zone_id", "auto");
      }
      case "azure" -> {
        a.put("availability", spot ? "SPOT_WITH_FALLBACK_AZURE" : "ON_DEMAND_AZURE");
        a.put("first_on_demand", 1);
        if (spot) {
          a.put("spot_bid_max_price", -1);
        }
      }
      default -> a.put("availability", spot ? "PREEMPTIBLE_WITH_FALLBACK_GCP" : "ON_DEMAND_GCP");
    }
    return a;
  }
}
