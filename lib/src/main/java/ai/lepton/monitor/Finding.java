package ai.lepton.monitor;

import java.util.List;

/**
 * One measured statistic of one feature (or of the prediction or the label), held to its threshold.
 *
 * @param feature the column, or {@code prediction}
 * @param kind {@code numeric}, {@code categorical}, {@code prediction} or {@code label}
 * @param statistic one of {@link #STATISTICS}
 * @param value the measured value
 * @param threshold the value above which it counts as drift ({@code lepton.monitor.thresholds})
 * @param verdict {@code drift} when {@code value > threshold}, else {@code ok}
 */
public record Finding(
    String feature, String kind, String statistic, double value, double threshold, String verdict) {

  /**
   * The statistics: {@code psi} (population stability index), {@code ks} (Kolmogorov–Smirnov),
   * {@code unseen_share} (share of new rows whose category the model does not know, beyond the
   * training rows' share), {@code null_rate_change} (absolute change of the share of nulls).
   */
  public static final List<String> STATISTICS =
      List.of("psi", "ks", "unseen_share", "null_rate_change");

  /** A finding whose verdict follows from value and threshold. */
  public static Finding of(
      String feature, String kind, String statistic, double value, double threshold) {
    return new Finding(
        feature, kind, statistic, value, threshold, value > threshold ? "drift" : "ok");
  }

  /** True when the value is above its threshold. */
  public boolean drifted() {
    return "drift".equals(verdict);
  }

  /** How far the value is toward its threshold (1 at the threshold); ranks the worst first. */
  public double severity() {
    return threshold > 0 ? value / threshold : (value > 0 ? Double.MAX_VALUE : 0);
  }
}
