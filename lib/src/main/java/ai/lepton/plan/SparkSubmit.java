package ai.lepton.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code spark-submit} arguments that run a job on a planned cluster: executors, cores and
 * memory from the plan's layout, Delta, and the GPU resource and RAPIDS settings for GPU workers.
 */
final class SparkSubmit {

  static final String MAIN_CLASS = "ai.lepton.jobs.Main";
  static final String RAPIDS_PLUGIN = "com.nvidia.spark.SQLPlugin";
  static final String EMR_DISCOVERY_SCRIPT = "/usr/lib/spark/scripts/gpu/getGpusResources.sh";

  /** Where the arguments are used. */
  enum Mode {
    /** spark-submit on a machine that can reach the cluster (standalone, YARN, Dataproc). */
    PLAIN,
    /** an EMR step through command-runner.jar: YARN cluster mode; EMR installs Delta and RAPIDS. */
    EMR_STEP
  }

  private final PlanConfig config;
  private final Workload workload;
  private final String jar;
  private final List<String> appArgs;

  SparkSubmit(PlanConfig config, Workload workload, String jar) {
    this.config = config;
    this.workload = workload;
    this.jar = jar;
    this.appArgs =
        config.submit().args().isEmpty()
            ? List.of(workload.job(), "-c", workload.job() + ".conf")
            : config.submit().args();
  }

  /** The jar that is submitted. */
  String jar() {
    return jar;
  }

  /** The arguments to {@code ai.lepton.jobs.Main}. */
  List<String> appArgs() {
    return appArgs;
  }

  /** Every argument after {@code spark-submit}: options, the jar, then Main's arguments. */
  List<String> args(Candidate c, Mode mode) {
    List<String> args = new ArrayList<>(options(c, mode));
    args.add(jar);
    args.addAll(appArgs);
    return List.copyOf(args);
  }

  /** The options before the jar. */
  List<String> options(Candidate c, Mode mode) {
    ExecutorLayout layout = c.shape().layout();
    InstanceOffer driver = c.shape().driver();
    int executors = c.nodes() * layout.executorsPerNode();
    List<String> args = new ArrayList<>();
    if (mode == Mode.EMR_STEP) {
      args.addAll(List.of("--deploy-mode", "client", "--master", "yarn"));
    } else if (!config.submit().master().isEmpty()) {
      args.addAll(List.of("--master", config.submit().master()));
    }
    args.addAll(List.of("--class", MAIN_CLASS, "--name", "lepton-" + workload.job()));
    args.addAll(List.of("--driver-memory", driverMemory(driver)));
    args.addAll(List.of("--driver-cores", String.valueOf(Math.min(4, driver.vcpus()))));
    args.addAll(List.of("--num-executors", String.valueOf(executors)));
    args.addAll(List.of("--executor-cores", String.valueOf(layout.coresPerExecutor())));
    args.addAll(List.of("--executor-memory", layout.heap()));
    if (mode == Mode.PLAIN) {
      args.addAll(
          List.of("--total-executor-cores", String.valueOf(executors * layout.coresPerExecutor())));
      if (!config.submit().packages().isEmpty()) {
        args.addAll(List.of("--packages", String.join(",", config.submit().packages())));
      }
      if (c.shape().offer().hasGpu() && !config.gpu().rapidsJar().isEmpty()) {
        args.addAll(List.of("--jars", config.gpu().rapidsJar()));
      }
    }
    conf(c, mode).forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    return List.copyOf(args);
  }

  /** A shell command: {@code spark-submit}, one option per line, then the jar and its arguments. */
  String script(Candidate c) {
    StringBuilder out = new StringBuilder("spark-submit");
    for (String arg : options(c, Mode.PLAIN)) {
      out.append(arg.startsWith("--") ? " \\\n  " : " ").append(quote(arg));
    }
    out.append(" \\\n  ").append(quote(jar));
    appArgs.forEach(a -> out.append(' ').append(quote(a)));
    return out.toString();
  }

  /** The {@code --conf} settings of a plan. */
  Map<String, String> conf(Candidate c, Mode mode) {
    ExecutorLayout layout = c.shape().layout();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.executor.memoryOverhead", layout.overhead());
    conf.put("spark.dynamicAllocation.enabled", "false");
    conf.put("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions(c)));
    conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    if (c.shape().offer().hasGpu()) {
      conf.put("spark.executor.resource.gpu.amount", String.valueOf(layout.gpusPerExecutor()));
      conf.put(
          "spark.executor.resource.gpu.discoveryScript",
          mode == Mode.EMR_STEP ? EMR_DISCOVERY_SCRIPT : config.gpu().discoveryScript());
      conf.putAll(rapids(layout.gpusPerExecutor(), layout.coresPerExecutor()));
    }
    return conf;
  }

  /** RAPIDS settings for executors with {@code gpus} GPUs and {@code cores} cores. */
  Map<String, String> rapids(int gpus, int cores) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.task.resource.gpu.amount", taskGpuAmount(gpus, cores));
    conf.put("spark.plugins", RAPIDS_PLUGIN);
    conf.put("spark.rapids.sql.enabled", "true");
    conf.put("spark.rapids.sql.concurrentGpuTasks", String.valueOf(config.gpu().concurrentTasks()));
    conf.put("spark.rapids.memory.pinnedPool.size", gib(config.gpu().pinnedPoolGib()));
    conf.put("spark.sql.files.maxPartitionBytes", "512m");
    conf.put("spark.locality.wait", "0s");
    conf.put("spark.rapids.sql.explain", "NOT_ON_GPU");
    return conf;
  }

  /** Shuffle partitions: two per executor core, or one per 256 MB of input if that is more. */
  int shufflePartitions(Candidate c) {
    int cores = c.nodes() * c.shape().layout().coresPerNode();
    long byInput = (long) Math.ceil(workload.inputGb() * 1000 / 256);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(2L * cores, byInput));
  }

  /**
   * GPUs per task so that every core runs a task: {@code gpus / cores}, cut (not rounded) to four
   * decimals so that Spark's slots per GPU come out at the core count.
   */
  static String taskGpuAmount(int gpus, int cores) {
    if (cores <= gpus) {
      return String.valueOf(gpus / Math.max(1, cores));
    }
    double amount = Math.floor((double) gpus / cores * 10_000) / 10_000;
    return String.format(Locale.ROOT, "%.4f", amount).replaceAll("0+$", "");
  }

  /** Half the driver node's memory, in whole GiB (at least 1). */
  static String driverMemory(InstanceOffer driver) {
    return Math.max(1, (long) Math.floor(driver.memoryGib() / 2)) + "g";
  }

  private static String gib(double gib) {
    return gib == Math.rint(gib) ? (long) gib + "g" : Math.round(gib * 1024) + "m";
  }

  /** An argument quoted for a POSIX shell where it needs quoting. */
  static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
