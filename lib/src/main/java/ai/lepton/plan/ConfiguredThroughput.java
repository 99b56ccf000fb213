package ai.lepton.plan;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;

/** Throughput from {@code lepton.plan.throughput.<job>}: documented, configurable defaults. */
public final class ConfiguredThroughput implements ThroughputSource {

  private final LeptonConfig config;

  /** Reads from {@code config}. */
  public ConfiguredThroughput(LeptonConfig config) {
    this.config = config;
  }

  @Override
  public Throughput forJob(String job) {
    String key = PlanConfig.throughputKey(job);
    Settings s = Settings.at(config.raw(), key);
    double perCore = s.number("gb-per-core-hour");
    double speedup = s.number("gpu-speedup");
    if (!(perCore > 0) || !(speedup > 0)) {
      throw new ConfigException(
          key
              + ".gb-per-core-hour and .gpu-speedup must be above 0; they are "
              + perCore
              + " and "
              + speedup
              + ".");
    }
    return new Throughput(perCore, speedup, "configured default (" + key + ")");
  }
}
