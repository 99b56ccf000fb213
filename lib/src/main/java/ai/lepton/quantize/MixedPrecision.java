package ai.lepton.quantize;

import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.onnx.OnnxSessions;
import ai.lepton.spark.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * Accuracy-controlled mixed precision: when the all-int8 model fails the gate's agreement or
 * metric-drop bound, keeps its most sensitive layers in fp32, one at a time, until the gate passes,
 * no int8 layer is left, or {@code lepton.quantize.mixed.max-trials} mixes were tried.
 *
 * <p><b>Sensitivity</b> is measured as the gain of keeping <em>only that layer</em> fp32 (every
 * other layer int8) against all-int8: agreement gained plus metric drop removed. This, not "only
 * that layer int8", because it measures the exact move the search makes (restore one layer from the
 * int8 model the gate rejected), so interactions with the other quantized layers are in the figure;
 * a layer that is harmless alone but amplifies another's error ranks where it belongs. It is the
 * ranking NNCF's accuracy-aware quantization uses. Every candidate (fp32, all-int8, one per layer)
 * is scored in one Spark job over the validation split, rows the gate does not judge on, so the
 * choice of layers is not fitted to the test split; each mix the search keeps is then judged by the
 * full gate (agreement, metric drop, size and speed) on the test split.
 */
final class MixedPrecision {

  /** What the search found: the record, and the model and figures of the passing mix. */
  record Outcome(QuantizeResult.Mixed record, byte[] model, QuantizeResult.Step step) {
    boolean passed() {
      return record.passed();
    }
  }

  private final QuantizeConfig cfg;
  private final Gates gates;
  private final Progress progress;
  private final DenseNetwork network;
  private final FeatureSignature sig;
  private final Calibration.Ranges ranges;
  private final String name;
  private final String form;
  private final MixScoring scoring;

  MixedPrecision(
      SparkSession spark,
      QuantizeConfig cfg,
      Gates gates,
      Progress progress,
      DenseNetwork network,
      FeatureSignature sig,
      Calibration.Ranges ranges,
      String name,
      String form) {
    this.cfg = cfg;
    this.gates = gates;
    this.progress = progress;
    this.network = network;
    this.sig = sig;
    this.ranges = ranges;
    this.name = name;
    this.form = form;
    this.scoring = new MixScoring(spark, cfg, gates, sig, this);
  }

  /** {@code lepton.quantize.mixed.keep-fp32} checked against the network's layers. */
  static java.util.Set<Integer> keepFp32(QuantizeConfig cfg, DenseNetwork network) {
    int layers = network.layers().size();
    for (int l : cfg.mixed().keepFp32()) {
      if (l >= layers) {
        throw new QuantizeException(
            "lepton.quantize.mixed.keep-fp32 names "
                + Quantizer.layerName(l)
                + " but the model at "
                + cfg.model()
                + " has "
                + layers
                + " dense layers (layer0 to "
                + Quantizer.layerName(layers - 1)
                + "). Fix the list.");
      }
    }
    if (new TreeSet<>(cfg.mixed().keepFp32()).size() == layers) {
      throw new QuantizeException(
          "lepton.quantize.mixed.keep-fp32 keeps every layer of the model at "
              + cfg.model()
              + " in fp32, so nothing is left to quantize. Remove at least one layer from it.");
    }
    return new TreeSet<>(cfg.mixed().keepFp32());
  }

  /** The model of {@link #form} with {@code fp32Layers} in fp32, checked by ONNX Runtime. */
  byte[] build(java.util.Set<Integer> fp32Layers) {
    return build(form, fp32Layers);
  }

  /** The model of {@code form} with {@code fp32Layers} in fp32, checked by ONNX Runtime. */
  byte[] build(String form, java.util.Set<Integer> fp32Layers) {
    byte[] q =
        form.equals("qdq")
            ? Quantizer.qdq(network, sig, ranges, name, fp32Layers)
            : Quantizer.dynamic(network, sig, name, fp32Layers);
    OnnxSessions.check(q, "The mixed-precision " + form + " ONNX model");
    return q;
  }

  /**
   * Runs the search from the all-int8 model (which keeps {@code keep} fp32 and whose figures are
   * {@code start}), ranking layers on {@code sensitivityRows} and judging mixes on {@code test}.
   */
  Outcome search(
      byte[] fp32,
      byte[] allInt8,
      java.util.Set<Integer> keep,
      QuantizeResult.Step start,
      Scoring.Figures ref,
      JavaRDD<EncodedRow> sensitivityRows,
      String rowsName,
      JavaRDD<EncodedRow> test) {
    List<Integer> free = new ArrayList<>();
    for (int l = 0; l < network.layers().size(); l++) {
      if (!keep.contains(l)) {
        free.add(l);
      }
    }
    Map<Integer, Double> sensitivity =
        progress.step(
            "measuring the sensitivity of " + free.size() + " layers on the " + rowsName + " split",
            () -> scoring.sensitivity(fp32, allInt8, keep, free, sensitivityRows),
            MixScoring::describe);
    List<Integer> order = new ArrayList<>(free);
    order.sort(Comparator.comparingDouble((Integer l) -> -sensitivity.get(l)));
    List<QuantizeResult.Step> steps = new ArrayList<>(List.of(start));
    TreeSet<Integer> fp32Layers = new TreeSet<>(keep);
    String stop = null;
    for (int l : order) {
      if (steps.size() > cfg.mixed().maxTrials()) {
        stop =
            "lepton.quantize.mixed.max-trials ("
                + cfg.mixed().maxTrials()
                + ") mixes were tried; raise it to try more";
        break;
      }
      fp32Layers.add(l);
      if (fp32Layers.size() == network.layers().size()) {
        stop = "no int8 layer is left (every layer would be fp32)";
        break;
      }
      java.util.Set<Integer> mix = java.util.Set.copyOf(fp32Layers);
      MixScoring.Judged judged =
          progress.step(
              "scoring the test split with " + Quantizer.layerNames(mix) + " fp32",
              () -> scoring.judge(fp32, mix, ref, test),
              j -> j.step().passed() ? "passes" : String.join("; ", j.step().failures()));
      QuantizeResult.Step step = judged.step();
      steps.add(step);
      if (step.passed()) {
        return outcome(
            true, step, judged.model(), sensitivity, rowsName, steps, passedReason(step));
      }
      if (gates.qualityHolds(step)) {
        stop =
            "the mix "
                + step.fp32Layers()
                + " holds quality but fails "
                + String.join("; ", step.failures())
                + ", and keeping more layers fp32 only makes the model larger and slower";
        break;
      }
    }
    if (stop == null) {
      stop = "no int8 layer is left to try";
    }
    QuantizeResult.Step last = steps.get(steps.size() - 1);
    String reason =
        "mixed precision found no mix that passes the gate: "
            + stop
            + " (last tried "
            + last.fp32Layers()
            + " fp32: "
            + String.join("; ", last.failures())
            + "). Loosen lepton.quantize.gate or retrain the model (a layer with a few very large"
            + " weights quantizes badly)";
    return outcome(false, last, null, sensitivity, rowsName, steps, reason);
  }

  /** The Spark jobs that score mixes, and a step's figures ({@link MixScoring#step}). */
  MixScoring scoring() {
    return scoring;
  }

  private static String passedReason(QuantizeResult.Step step) {
    return String.format(
        Locale.ROOT,
        "mixed precision: %s kept fp32, the rest int8 (%s), passes the gate (agreement %.4f,"
            + " metric drop %.4f, size %.2fx, speed %.2fx)",
        String.join(", ", step.fp32Layers()),
        step.form(),
        step.agreement(),
        step.metricDrop(),
        step.sizeRatio(),
        step.speedRatio());
  }

  private static Outcome outcome(
      boolean passed,
      QuantizeResult.Step step,
      byte[] model,
      Map<Integer, Double> sensitivity,
      String rowsName,
      List<QuantizeResult.Step> steps,
      String reason) {
    Map<String, Double> named = new LinkedHashMap<>();
    sensitivity.forEach((l, v) -> named.put(Quantizer.layerName(l), v));
    return new Outcome(
        new QuantizeResult.Mixed(
            passed, step.fp32Layers(), rowsName, named, List.copyOf(steps), reason),
        model,
        step);
  }
}
