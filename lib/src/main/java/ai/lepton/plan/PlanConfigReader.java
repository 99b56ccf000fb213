package ai.lepton.plan;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.plan.PlanConfig.Constraints;
import ai.lepton.plan.PlanConfig.Databricks;
import ai.lepton.plan.PlanConfig.Emr;
import ai.lepton.plan.PlanConfig.Executor;
import ai.lepton.plan.PlanConfig.Gpu;
import ai.lepton.plan.PlanConfig.RankBy;
import ai.lepton.plan.PlanConfig.SourceSetting;
import ai.lepton.plan.PlanConfig.Submit;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code lepton.plan} into a {@link PlanConfig}, refusing a value out of its range with a
 * {@link ConfigException} that names the key.
 */
final class PlanConfigReader {

  private static final String PREFIX = PlanConfig.PREFIX;

  private PlanConfigReader() {}

  /** The settings under {@code lepton.plan} of {@code config}, checked. */
  static PlanConfig read(LeptonConfig config) {
    Config raw = config.raw();
    Settings s = Settings.at(raw, PREFIX);
    String job = s.string("job").trim().toLowerCase(Locale.ROOT);
    if (!PlanConfig.JOBS.contains(job)) {
      throw new ConfigException(
          s.key("job")
              + " is '"
              + job
              + "'; use one of "
              + String.join(", ", PlanConfig.JOBS)
              + ".");
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

  private static double nonNegative(Settings s, String name) {
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
