package ai.lepton.distill;

import ai.lepton.model.ModelManifest;
import ai.lepton.quantize.QuantizeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The distillation gate: the student against the teacher, thresholds applied, failures in words.
 */
final class DistillGate {

  private final QuantizeConfig.Gate gate;
  private final boolean regression;
  private final double sizeRatio;
  private final double speedRatio;
  private final double drop;
  private final TeacherStudentScoring.Figures f;
  private final List<String> failures = new ArrayList<>();

  DistillGate(
      QuantizeConfig.Gate gate,
      String task,
      long teacherBytes,
      long studentBytes,
      TeacherStudentScoring.Figures f) {
    this.gate = gate;
    this.regression = task.equals("regression");
    this.f = f;
    this.sizeRatio = (double) teacherBytes / Math.max(1, studentBytes);
    // the student as it is served: fp32 ONNX (what lepton quantize makes of a djl.mlp)
    this.speedRatio =
        f.teacherRowsPerSecondPerCore() == 0
            ? 0
            : f.studentOnnxRowsPerSecondPerCore() / f.teacherRowsPerSecondPerCore();
    this.drop =
        regression
            ? (f.studentMetric() - f.teacherMetric()) / Math.max(f.teacherMetric(), 1e-12)
            : f.teacherMetric() - f.studentMetric();
    check(
        f.agreement() >= gate.minAgreement(),
        "agreement %.4f < min-agreement %s",
        f.agreement(),
        gate.minAgreement());
    check(
        drop <= gate.maxMetricDrop(),
        "%s drop %.4f > max-metric-drop %s",
        metricName(),
        drop,
        gate.maxMetricDrop());
    check(
        sizeRatio >= gate.minSizeRatio(),
        "size ratio %.2f < min-size-ratio %s",
        sizeRatio,
        gate.minSizeRatio());
    check(
        speedRatio >= gate.minSpeedRatio(),
        "speed ratio %.2f < min-speed-ratio %s",
        speedRatio,
        gate.minSpeedRatio());
  }

  private void check(boolean ok, String format, Object... args) {
    if (!ok) {
      failures.add("student " + String.format(Locale.ROOT, format, args));
    }
  }

  /** {@code auc} (binary) or {@code rmse} (regression). */
  String metricName() {
    return regression ? "rmse" : "auc";
  }

  boolean passed() {
    return failures.isEmpty();
  }

  DistillResult.Gate result(boolean force) {
    return new DistillResult.Gate(
        passed(),
        !passed() && force,
        f.agreement(),
        drop,
        sizeRatio,
        speedRatio,
        metricName(),
        List.copyOf(failures));
  }

  ModelManifest.Gate manifestGate(boolean force) {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("agreement", f.agreement());
    figures.put("metricDrop", drop);
    figures.put("sizeRatio", sizeRatio);
    figures.put("speedRatio", speedRatio);
    figures.put("teacher." + metricName(), f.teacherMetric());
    figures.put("student." + metricName(), f.studentMetric());
    Map<String, Double> thresholds = new LinkedHashMap<>();
    thresholds.put("min-agreement", gate.minAgreement());
    thresholds.put("max-metric-drop", gate.maxMetricDrop());
    thresholds.put("min-size-ratio", gate.minSizeRatio());
    thresholds.put("min-speed-ratio", gate.minSpeedRatio());
    return new ModelManifest.Gate(
        passed(), !passed() && force, figures, thresholds, String.join("; ", failures));
  }
}
