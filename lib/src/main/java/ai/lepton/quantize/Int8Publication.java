package ai.lepton.quantize;

import ai.lepton.JobResult;
import ai.lepton.LeptonVersion;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.onnx.OnnxVersions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the kept int8 model, its fp32 twin and a manifest recording the gate, and publishes them.
 */
final class Int8Publication {

  private Int8Publication() {}

  /** Publishes {@code v}'s pick of {@code c} to the configured output and says what was done. */
  static QuantizeResult publish(
      QuantizeRun run, ModelManifest manifest, Candidates c, Verdict v, long testRows) {
    QuantizeConfig cfg = run.cfg();
    byte[] fp32 = c.fp32();
    Scoring.Figures ref = c.ref();
    QuantizeResult.Form pick = v.pick();
    boolean passed = v.passed();
    QuantizeResult.Gate gate =
        new QuantizeResult.Gate(
            passed,
            !passed && run.force(),
            pick.agreement(),
            v.gates().drop(ref.metric(), pick.metric()),
            (double) fp32.length / pick.bytes(),
            v.speedRatio(),
            v.gates().metricName(),
            v.fails());
    boolean exportable = passed || run.force();
    ModelManifest.Gate manifestGate =
        new ModelManifest.Gate(
            passed,
            gate.forced(),
            gateFigures(cfg, c, v, gate),
            thresholds(cfg),
            String.join("; ", v.fails()));
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>(manifest.metrics());
    metrics.put("test", Map.of(v.gates().metricName(), pick.metric()));
    Path staging = run.work().resolve("staging");
    ModelStaging.write(staging.resolve("model/model.onnx"), v.model());
    ModelStaging.write(staging.resolve(QuantizeAction.FP32_FILE), fp32);
    ModelManifest out =
        new ModelManifest(
            ModelManifest.FORMAT_VERSION,
            c.name() + "-int8",
            manifest.algorithm(),
            ModelFormat.ONNX,
            c.sig(),
            manifest.params(),
            metrics,
            manifest.input(),
            run.runId(),
            Instant.now().toString(),
            LeptonVersion.lepton(),
            null,
            run.lineage(manifest),
            quantization(cfg, c, v),
            manifestGate,
            exportable);
    ModelStaging.publish(staging, out, cfg.output(), run.stores());
    return new QuantizeResult(
        "quantize",
        passed ? JobResult.Status.SUCCEEDED : JobResult.Status.FAILED,
        run.runId(),
        pick.form(),
        v.reason(),
        gate,
        new QuantizeResult.Side(fp32.length, ref.metric(), ref.rowsPerSecondPerCore()),
        new QuantizeResult.Side(pick.bytes(), pick.metric(), pick.rowsPerSecondPerCore()),
        v.forms(),
        new QuantizeResult.Model(cfg.output(), exportable),
        c.ranges().rows(),
        testRows,
        run.durationMs(),
        v.mixed());
  }

  /** The manifest's {@code quantization} block: form, why, and each form's size and speed. */
  private static Map<String, Object> quantization(QuantizeConfig cfg, Candidates c, Verdict v) {
    QuantizeResult.Form pick = v.pick();
    Map<String, Object> quantization = new LinkedHashMap<>();
    quantization.put("form", pick.form());
    quantization.put("reason", v.reason());
    quantization.put(
        "weights",
        v.fp32Layers().isEmpty()
            ? "int8 symmetric per output channel"
            : "int8 symmetric per output channel, except "
                + String.join(", ", v.fp32Layers())
                + " kept fp32");
    quantization.put("fp32Layers", v.fp32Layers());
    if (v.mixed() != null) {
      quantization.put("mixedPrecision", v.mixed());
    }
    quantization.put(
        "activations",
        pick.form().equals("qdq")
            ? "uint8 asymmetric per tensor, calibrated " + method(cfg)
            : "uint8 per batch at run time (DynamicQuantizeLinear)");
    quantization.put("calibrationRows", c.ranges().rows());
    quantization.put("pruneSparsity", cfg.sparsity());
    quantization.put("irVersion", OnnxVersions.IR_VERSION);
    quantization.put("opset", OnnxVersions.OPSET);
    quantization.put("fp32Bytes", c.fp32().length);
    quantization.put("fp32RowsPerSecondPerCore", c.ref().rowsPerSecondPerCore());
    for (QuantizeResult.Form f : v.forms()) {
      quantization.put(f.form() + "RowsPerSecondPerCore", f.rowsPerSecondPerCore());
      quantization.put(f.form() + "Bytes", f.bytes());
    }
    return quantization;
  }

  /** The gate's measured figures as the manifest records them. */
  private static Map<String, Double> gateFigures(
      QuantizeConfig cfg, Candidates c, Verdict v, QuantizeResult.Gate gate) {
    Scoring.Figures ref = c.ref();
    String metric = v.gates().metricName();
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("agreement", gate.agreement());
    figures.put("metricDrop", gate.metricDrop());
    figures.put("sizeRatio", gate.sizeRatio());
    figures.put("speedRatio", gate.speedRatio());
    figures.put("fp32." + metric, ref.metric());
    figures.put("int8." + metric, v.pick().metric());
    if (cfg.sparsity() > 0) {
      Scoring.Figures p = c.figures("pruned");
      figures.put("prune.agreement", p.agreement());
      figures.put("prune.metricDrop", v.gates().drop(ref.metric(), p.metric()));
    }
    return figures;
  }

  /** The gate's configured thresholds as the manifest records them. */
  private static Map<String, Double> thresholds(QuantizeConfig cfg) {
    Map<String, Double> thresholds = new LinkedHashMap<>();
    thresholds.put("min-agreement", cfg.gate().minAgreement());
    thresholds.put("max-metric-drop", cfg.gate().maxMetricDrop());
    thresholds.put("min-size-ratio", cfg.gate().minSizeRatio());
    thresholds.put("min-speed-ratio", cfg.gate().minSpeedRatio());
    return thresholds;
  }

  private static String method(QuantizeConfig cfg) {
    return cfg.method().equals("percentile")
        ? "percentile " + cfg.percentile() + " of |x|"
        : "min/max";
  }
}
