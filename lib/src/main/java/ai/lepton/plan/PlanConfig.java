package ai.lepton.plan;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
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
    Config raw = config.raw();
    Settings s = Settings.at(raw, PREFIX);
    String job = s.string("job").trim().toLowerCase(Locale.ROOT);
    if (!JOBS.contains(job)) {
      throw new ConfigException(
          s.key("job") + " is '" + job + "'; use one of " + String.join(", ", JOBS) + ".");
    }
    int top = (int) atLeast(s, "top", 1, 1000);
    return new PlanConfig(
        job,
        nonNegative(s, "input-gb"),
        sources(s),
        s.stringMap("data-regions"),
        top,
        rankBy(s),
        s.string("output-dir"),
        constraints(Settings.at(raw, PREFIX + ".constraints")),
        gpu(Settings.at(raw, PREFIX + ".gpu")),
        nonNegative(Settings.at(raw, PREFIX + ".spot"), "expected-rework"),
        executor(Settings.at(raw, PREFIX + ".executor")),
        Map.copyOf(s.stringMap("driver")),
        startupMinutes(raw),
        emr(Settings.at(raw, PREFIX + ".emr")),
        databricks(Settings.at(raw, PREFIX + ".databricks")),
        submit(Settings.at(raw, PREFIX + ".submit")),
        catalog(Settings.at(raw, PREFIX + ".catalog")));
  }

  /** The config key of the throughput settings of a job. */
  static String throughputKey(String job) {
    return PREFIX + ".throughput." + job;
  }

  private static RankBy rankBy(Settings s) {
    String value = s.string("rank-by").trim();
    try {
      return RankBy.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(s.key("rank-by") + " is '" + value + "'; use cost or time.");
    }
  }

  private static List<SourceSetting> sources(Settings s) {
    List<SourceSetting> out = new ArrayList<>();
    List<? extends Config> raw = s.objects("sources");
    for (int i = 0; i < raw.size(); i++) {
      String key = s.key("sources") + "[" + i + "]";
      Settings e = new Settings(raw.get(i), key);
      double size = raw.get(i).hasPath("size-gb") ? nonNegative(e, "size-gb") : -1;
      out.add(
          new SourceSetting(
              e.requiredString("name", "\"aws\""),
              e.string("uri").trim(),
              e.string("cloud").trim().toLowerCase(Locale.ROOT),
              e.string("region").trim(),
              size,
              key));
    }
    return List.copyOf(out);
  }

  private static Constraints constraints(Settings s) {
    int minNodes = (int) atLeast(s, "min-nodes", 1, 10_000);
    int maxNodes = (int) atLeast(s, "max-nodes", 1, 10_000);
    if (maxNodes < minNodes) {
      throw new ConfigException(
          s.key("max-nodes")
              + " is "
              + maxNodes
              + ", below "
              + s.key("min-nodes")
              + " ("
              + minNodes
              + "). Raise max-nodes or lower min-nodes.");
    }
    List<Platform> platforms = new ArrayList<>();
    for (String name : s.strings("platforms")) {
      platforms.add(
          Platform.of(name)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          s.key("platforms")
                              + " names '"
                              + name
                              + "', which is not a platform. Use any of: "
                              + Platform.names()
                              + ".")));
    }
    if (platforms.isEmpty()) {
      throw new ConfigException(
          s.key("platforms") + " is empty; allow at least one of: " + Platform.names() + ".");
    }
    return new Constraints(
        nonNegative(s, "deadline-hours"),
        nonNegative(s, "max-hourly-cost"),
        nonNegative(s, "max-total-cost"),
        s.strings("gpu-types"),
        (int) atLeast(s, "min-gpus", 0, 100_000),
        s.bool("allow-gpu"),
        nonNegative(s, "min-memory-gib-per-core"),
        s.strings("clouds").stream().map(c -> c.toLowerCase(Locale.ROOT)).toList(),
        s.strings("regions"),
        List.copyOf(platforms),
        s.bool("spot"),
        minNodes,
        maxNodes);
  }

  private static Gpu gpu(Settings s) {
    Map<String, Double> speed = s.numberMap("relative-speed");
    speed.forEach(
        (name, value) -> {
          if (!(value > 0)) {
            throw new ConfigException(
                s.key("relative-speed." + name) + " is " + value + "; it must be above 0.");
          }
        });
    return new Gpu(
        (int) atLeast(s, "max-cores-per-gpu", 1, 1024),
        Map.copyOf(speed),
        nonNegative(s, "pinned-pool-gib"),
        (int) atLeast(s, "concurrent-tasks", 1, 64),
        s.string("rapids-jar").trim(),
        s.string("discovery-script").trim());
  }

  private static Executor executor(Settings s) {
    double reserved = nonNegative(s, "reserved-memory-fraction");
    double overhead = nonNegative(s, "memory-overhead-fraction");
    if (reserved >= 0.9 || overhead >= 1) {
      throw new ConfigException(
          s.key("reserved-memory-fraction")
              + " must be below 0.9 and "
              + s.key("memory-overhead-fraction")
              + " below 1; they are "
              + reserved
              + " and "
              + overhead
              + ".");
    }
    return new Executor((int) atLeast(s, "max-cores", 1, 256), reserved, overhead);
  }

  private static Map<Platform, Double> startupMinutes(Config raw) {
    Map<Platform, Double> out = new EnumMap<>(Platform.class);
    for (Platform p : Platform.values()) {
      out.put(p, nonNegative(Settings.at(raw, PREFIX + ".platforms." + p.id()), "startup-minutes"));
    }
    return out;
  }

  private static Emr emr(Settings s) {
    return new Emr(
        s.requiredString("release-label", "\"emr-7.9.0\""),
        s.requiredString("service-role", "\"EMR_DefaultRole\""),
        s.requiredString("instance-profile", "\"EMR_EC2_DefaultRole\""),
        s.string("log-uri").trim(),
        s.string("cluster-id").trim(),
        s.string("gpu-bootstrap-script").trim());
  }

  private static Databricks databricks(Settings s) {
    return new Databricks(
        s.requiredString("spark-version", "\"15.4.x-scala2.12\""),
        s.requiredString("gpu-spark-version", "\"15.4.x-gpu-ml-scala2.12\""),
        s.string("gpu-init-script").trim());
  }

  private static Submit submit(Settings s) {
    return new Submit(
        s.string("jar").trim(),
        s.strings("args"),
        s.string("master").trim(),
        s.strings("packages"));
  }

  private static PriceCatalog.Sources catalog(Settings s) {
    return new PriceCatalog.Sources(
        s.string("instances").trim(),
        s.string("egress").trim(),
        s.string("platform-fees").trim(),
        s.string("accelerators").trim());
  }

  static double nonNegative(Settings s, String name) {
    double value = s.number(name);
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ConfigException(s.key(name) + " is " + value + "; it must be 0 or more.");
    }
    return value;
  }

  private static long atLeast(Settings s, String name, long min, long max) {
    long value = s.whole(name);
    if (value < min || value > max) {
      throw new ConfigException(
          s.key(name) + " is " + value + "; it must be between " + min + " and " + max + ".");
    }
    return value;
  }
}
