package ai.lepton.plan;

import ai.lepton.config.LeptonConfig;
import java.util.List;
import java.util.Map;

/** The typed, validated {@code lepton.plan} settings. */
public record PlanConfig(
    String job,
    double inputGb,
    List<SourceSetting> sources,
    Map<String, String> dataRegions,
    int top,
    RankBy rankBy,
    String outputDir,
    Constraints constraints,
    Gpu gpu,
    double spotExpectedRework,
    Executor executor,
    Map<String, String> driverInstance,
    Map<Platform, Double> startupMinutes,
    Emr emr,
    Databricks databricks,
    Submit submit,
    PriceCatalog.Sources catalog) {

  /** Config prefix of these settings. */
  public static final String PREFIX = "lepton.plan";

  /** The job types a plan can be made for. */
  public static final List<String> JOBS = List.of("reconcile", "train", "quantize", "export");

  /** What the plans are ranked by. */
  public enum RankBy {
    /** Cheapest expected total first, ties by time. */
    COST,
    /** Fastest expected finish first, ties by cost. */
    TIME
  }

  /** One entry of {@code lepton.plan.sources}; empty strings and a negative size mean "not set". */
  public record SourceSetting(
      String name, String uri, String cloud, String region, double sizeGb, String configKey) {}

  /** Limits a plan must satisfy; 0 means "no limit" for the numeric ones. */
  public record Constraints(
      double deadlineHours,
      double maxHourlyCost,
      double maxTotalCost,
      List<String> gpuTypes,
      int minGpus,
      boolean allowGpu,
      double minMemoryGibPerCore,
      List<String> clouds,
      List<String> regions,
      List<Platform> platforms,
      boolean spot,
      int minNodes,
      int maxNodes) {}

  /** GPU executors and RAPIDS settings. */
  public record Gpu(
      int maxCoresPerGpu,
      Map<String, Double> relativeSpeed,
      double pinnedPoolGib,
      int concurrentTasks,
      String rapidsJar,
      String discoveryScript) {

    /** Speed of a GPU model relative to a T4; 1.0 when not listed. */
    public double relativeSpeed(String gpuName) {
      return relativeSpeed.getOrDefault(gpuName, 1.0);
    }
  }

  /** How CPU executors are laid out on a worker. */
  public record Executor(
      int maxCores, double reservedMemoryFraction, double memoryOverheadFraction) {}

  /** EMR cluster settings for the emitted definitions. */
  public record Emr(
      String releaseLabel,
      String serviceRole,
      String instanceProfile,
      String logUri,
      String clusterId,
      String gpuBootstrapScript) {}

  /** Databricks cluster settings for the emitted job. */
  public record Databricks(String sparkVersion, String gpuSparkVersion, String gpuInitScript) {}

  /** What is submitted: the jar, Main's arguments, master and packages. */
  public record Submit(String jar, List<String> args, String master, List<String> packages) {}

  /** Reads and validates {@code lepton.plan} from a loaded config. */
  public static PlanConfig from(LeptonConfig config) {
    return PlanConfigReader.read(config);
  }

  /** The config key of the throughput settings of a job. */
  static String throughputKey(String job) {
    return PREFIX + ".throughput." + job;
  }
}
