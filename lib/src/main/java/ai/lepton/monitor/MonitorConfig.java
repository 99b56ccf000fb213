package ai.lepton.monitor;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.spark.DurablePaths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code lepton.monitor}: which model to watch, which table version to compare with, where the
 * findings go and the threshold of each statistic.
 *
 * @param model the model directory or model root (its {@code latest} is followed)
 * @param table the Delta table to compare with; empty: the one the model was trained on
 * @param version that table's version; -1: the latest
 * @param driftTable the Delta table findings are appended to
 * @param psiBins buckets of the population stability index, fixed from training quantiles
 * @param ksPoints training quantiles at which the KS statistic compares the two ECDFs
 * @param relativeError approxQuantile's relative error for the edges
 * @param thresholds statistic name ({@link Finding} statistics) to the value above which it is
 *     drift
 */
public record MonitorConfig(
    String model,
    String table,
    long version,
    String driftTable,
    int psiBins,
    int ksPoints,
    double relativeError,
    Map<String, Double> thresholds) {

  static final String PREFIX = "lepton.monitor";

  public MonitorConfig {
    thresholds = Map.copyOf(thresholds);
  }

  /** Reads and checks {@code lepton.monitor}; ConfigException on a bad value. */
  public static MonitorConfig from(LeptonConfig config) {
    Settings s = Settings.at(config.raw(), PREFIX);
    String model = s.string("model").trim();
    if (model.isEmpty()) {
      Settings t = Settings.at(config.raw(), "lepton.train.model");
      model = t.string("uri").trim();
      if (model.isEmpty()) {
        model = local(config, "models/" + t.string("name").trim());
      }
    }
    String drift = s.string("drift-table").trim();
    if (drift.isEmpty()) {
      drift = local(config, "drift");
    }
    int bins = (int) s.whole("psi-bins");
    int points = (int) s.whole("ks-points");
    double error = s.number("quantile-relative-error");
    if (bins < 2 || points < 2 || bins > 1000 || points > 1000) {
      throw new ConfigException(
          s.key("psi-bins")
              + " and "
              + s.key("ks-points")
              + " must be between 2 and 1000; they are "
              + bins
              + " and "
              + points
              + ".");
    }
    if (!(error >= 0 && error < 0.5)) {
      throw new ConfigException(
          s.key("quantile-relative-error") + " must be in [0, 0.5); it is " + error + ".");
    }
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (String stat : Finding.STATISTICS) {
      String key = "thresholds." + stat.replace('_', '-');
      double v = s.number(key);
      if (!(v >= 0)) {
        throw new ConfigException(s.key(key) + " must be 0 or more; it is " + v + ".");
      }
      thresholds.put(stat, v);
    }
    return new MonitorConfig(
        model,
        s.string("table").trim(),
        s.whole("version"),
        drift,
        bins,
        points,
        error,
        thresholds);
  }

  /** The settings a run's row in the runs table shows. */
  Map<String, String> runParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("model", model);
    params.put("table", table);
    params.put("version", String.valueOf(version));
    params.put("drift-table", driftTable);
    thresholds.forEach((k, v) -> params.put("threshold." + k, String.valueOf(v)));
    return params;
  }

  private static String local(LeptonConfig config, String child) {
    return DurablePaths.workDir(config).resolve(child).toString();
  }
}
