package ai.lepton.quantize;

import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelException;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxSessions;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.spark.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The models one quantization compares, built and scored on the test split: fp32, pruned (when
 * {@code sparsity} is set) and each configured int8 form, in that order.
 *
 * @param name the model's name
 * @param sig the model's feature signature
 * @param pruned the pruned source network the int8 forms are built from
 * @param keep layers configured to stay fp32
 * @param ranges calibrated activation ranges
 * @param models ONNX bytes by candidate name, fp32 first
 * @param figures each candidate's figures on the test split, in {@code models}' order
 */
record Candidates(
    String name,
    FeatureSignature sig,
    DenseNetwork pruned,
    Set<Integer> keep,
    Calibration.Ranges ranges,
    Map<String, byte[]> models,
    List<Scoring.Figures> figures) {

  /** Builds every candidate from {@code network}, checks them and scores them on {@code data}. */
  static Candidates build(
      QuantizeRun run, String name, FeatureSignature sig, DenseNetwork network, QuantizeData data) {
    QuantizeConfig cfg = run.cfg();
    Progress progress = run.progress();
    byte[] fp32 = OnnxWriter.write(network, sig, name);
    OnnxSessions.check(fp32, "The fp32 ONNX model of " + cfg.model());
    checkFp32(fp32, network, data.sample().take(256), cfg.model());
    DenseNetwork pruned = Quantizer.prune(network, cfg.sparsity());
    Set<Integer> keep = MixedPrecision.keepFp32(cfg, network);
    Calibration.Ranges ranges =
        progress.step(
            "calibrating activations (" + cfg.method() + ")",
            () -> Calibration.calibrate(data.sample(), pruned, cfg.method(), cfg.percentile()),
            r -> r.rows() + " rows");
    Map<String, byte[]> models = new LinkedHashMap<>();
    models.put("fp32", fp32);
    if (cfg.sparsity() > 0) {
      models.put("pruned", OnnxWriter.write(pruned, sig, name));
    }
    for (String form : cfg.forms()) {
      byte[] q =
          form.equals("qdq")
              ? Quantizer.qdq(pruned, sig, ranges, name, keep)
              : Quantizer.dynamic(pruned, sig, name, keep);
      OnnxSessions.check(q, "The " + form + " ONNX model");
      models.put(form, q);
    }
    List<OnnxPredictor> predictors = new ArrayList<>();
    models.values().forEach(b -> predictors.add(OnnxPredictor.broadcast(run.spark(), b)));
    List<Scoring.Figures> figures =
        progress.step(
            "scoring the test split with " + String.join(", ", models.keySet()),
            () ->
                Scoring.run(
                    data.test(), predictors, sig.task(), cfg.batchRows(), cfg.gate().timingMs()),
            f -> "done");
    predictors.forEach(p -> OnnxSessions.evict(p.sha256()));
    return new Candidates(
        name, sig, pruned, keep, ranges, Collections.unmodifiableMap(models), figures);
  }

  /** The fp32 ONNX model's bytes. */
  byte[] fp32() {
    return models.get("fp32");
  }

  /** The fp32 ONNX model's figures: what every other candidate is measured against. */
  Scoring.Figures ref() {
    return figures.get(0);
  }

  /** The figures of candidate {@code form}. */
  Scoring.Figures figures(String form) {
    return figures.get(new ArrayList<>(models.keySet()).indexOf(form));
  }

  /** Checks that the fp32 ONNX model gives the source network's outputs. */
  static void checkFp32(byte[] fp32, DenseNetwork network, List<float[]> rows, String uri) {
    if (rows.isEmpty()) {
      return;
    }
    float[][] onnx = OnnxPredictor.of(fp32).predict(rows.toArray(float[][]::new));
    double worst = 0;
    for (int r = 0; r < rows.size(); r++) {
      float[] expected = network.apply(rows.get(r));
      for (int k = 0; k < expected.length; k++) {
        worst = Math.max(worst, Math.abs(expected[k] - onnx[r][k]));
      }
    }
    if (worst > QuantizeAction.FP32_TOLERANCE) {
      throw new ModelException(
          "The fp32 ONNX model of "
              + uri
              + " differs from the source model by up to "
              + worst
              + " (allowed "
              + QuantizeAction.FP32_TOLERANCE
              + "). This is a Lepton bug; please report it with the model.");
    }
  }
}
