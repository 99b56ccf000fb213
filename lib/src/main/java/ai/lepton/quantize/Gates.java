package ai.lepton.quantize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The gate's thresholds applied to measured figures; failures in words. */
final class Gates {

  private final QuantizeConfig.Gate gate;
  private final String task;

  Gates(QuantizeConfig.Gate gate, String task) {
    this.gate = gate;
    this.task = task;
  }

  /** {@code auc} (binary), {@code accuracy} (multiclass) or {@code rmse} (regression). */
  String metricName() {
    return switch (task) {
      case "binary" -> "auc";
      case "regression" -> "rmse";
      default -> "accuracy";
    };
  }

  /** How much worse {@code after} is: a metric drop, or RMSE's relative increase. */
  double drop(double before, double after) {
    return task.equals("regression") ? (after - before) / Math.max(before, 1e-12) : before - after;
  }

  /** Agreement and metric drop of {@code f} against the fp32 {@code ref}. */
  List<String> quality(String what, Scoring.Figures ref, Scoring.Figures f) {
    List<String> out = new ArrayList<>();
    if (f.agreement() < gate.minAgreement()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s agreement %.4f < min-agreement %s",
              what,
              f.agreement(),
              gate.minAgreement()));
    }
    double d = drop(ref.metric(), f.metric());
    if (d > gate.maxMetricDrop()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s %s drop %.4f > max-metric-drop %s",
              what,
              metricName(),
              d,
              gate.maxMetricDrop()));
    }
    return out;
  }

  /** The step's agreement and metric drop hold the gate's bounds (size and speed aside). */
  boolean qualityHolds(QuantizeResult.Step s) {
    return s.agreement() >= gate.minAgreement() && s.metricDrop() <= gate.maxMetricDrop();
  }

  /** Size and speed ratios of a quantized model against fp32. */
  List<String> efficiency(long fp32Bytes, long bytes, Scoring.Figures ref, Scoring.Figures f) {
    List<String> out = new ArrayList<>();
    double size = (double) fp32Bytes / bytes;
    if (size < gate.minSizeRatio()) {
      out.add(
          String.format(
              Locale.ROOT, "size ratio %.2f < min-size-ratio %s", size, gate.minSizeRatio()));
    }
    double speed = f.rowsPerSecondPerCore() / ref.rowsPerSecondPerCore();
    if (speed < gate.minSpeedRatio()) {
      out.add(
          String.format(
              Locale.ROOT, "speed ratio %.2f < min-speed-ratio %s", speed, gate.minSpeedRatio()));
    }
    return out;
  }
}
