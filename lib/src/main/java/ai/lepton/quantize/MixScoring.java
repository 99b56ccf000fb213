package ai.lepton.quantize;

import ai.lepton.model.FeatureSignature;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxSessions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark jobs of the mixed-precision search ({@link MixedPrecision}): each layer's sensitivity
 * on the validation split, and one mix through the whole gate on the test split.
 */
final class MixScoring {

  private final SparkSession spark;
  private final QuantizeConfig cfg;
  private final Gates gates;
  private final FeatureSignature sig;
  private final MixedPrecision search;

  /** Scoring for {@code search}, which builds the model of each mix. */
  MixScoring(
      SparkSession spark,
      QuantizeConfig cfg,
      Gates gates,
      FeatureSignature sig,
      MixedPrecision search) {
    this.spark = spark;
    this.cfg = cfg;
    this.gates = gates;
    this.sig = sig;
    this.search = search;
  }

  /** All-int8 and one model per free layer scored against fp32 in one Spark job. */
  Map<Integer, Double> sensitivity(
      byte[] fp32,
      byte[] allInt8,
      java.util.Set<Integer> keep,
      List<Integer> free,
      JavaRDD<EncodedRow> rows) {
    List<byte[]> models = new ArrayList<>(List.of(fp32, allInt8));
    for (int l : free) {
      java.util.Set<Integer> mix = new TreeSet<>(keep);
      mix.add(l);
      models.add(search.build(mix));
    }
    List<OnnxPredictor> predictors = new ArrayList<>();
    models.forEach(b -> predictors.add(OnnxPredictor.broadcast(spark, b)));
    try {
      List<Scoring.Figures> f = Scoring.quality(rows, predictors, sig.task(), cfg.batchRows());
      double baseDrop = gates.drop(f.get(0).metric(), f.get(1).metric());
      Map<Integer, Double> out = new LinkedHashMap<>();
      for (int i = 0; i < free.size(); i++) {
        Scoring.Figures c = f.get(2 + i);
        double gain =
            (c.agreement() - f.get(1).agreement())
                + (baseDrop - gates.drop(f.get(0).metric(), c.metric()));
        out.put(free.get(i), gain);
      }
      return out;
    } finally {
      predictors.forEach(p -> OnnxSessions.evict(p.sha256()));
    }
  }

  /** A mix judged: the step of the form kept and its model. */
  record Judged(QuantizeResult.Step step, byte[] model) {}

  /**
   * One mix against fp32 on the test split, through the whole gate, in every configured form (one
   * Spark job): where an int8 layer feeds an fp32 one, ONNX Runtime cannot fuse a qdq layer into an
   * integer kernel (no QuantizeLinear follows it), so the dynamic form may be the fast one. Keeps
   * the fastest form that passes, else the one with the best agreement.
   */
  Judged judge(
      byte[] fp32, java.util.Set<Integer> mix, Scoring.Figures ref, JavaRDD<EncodedRow> test) {
    List<String> forms = cfg.forms();
    List<byte[]> models = new ArrayList<>();
    List<OnnxPredictor> predictors = new ArrayList<>(List.of(OnnxPredictor.broadcast(spark, fp32)));
    for (String f : forms) {
      models.add(search.build(f, mix));
      predictors.add(OnnxPredictor.broadcast(spark, models.get(models.size() - 1)));
    }
    try {
      List<Scoring.Figures> f =
          Scoring.run(test, predictors, sig.task(), cfg.batchRows(), cfg.gate().timingMs());
      Judged best = null;
      for (int k = 0; k < forms.size(); k++) {
        QuantizeResult.Step s =
            step(
                forms.get(k),
                Quantizer.layerNames(mix),
                models.get(k).length,
                fp32.length,
                ref,
                f.get(0),
                f.get(1 + k));
        if (best == null || better(s, best.step())) {
          best = new Judged(s, models.get(k));
        }
      }
      return best;
    } finally {
      predictors.forEach(p -> OnnxSessions.evict(p.sha256()));
    }
  }

  private static boolean better(QuantizeResult.Step a, QuantizeResult.Step b) {
    if (a.passed() != b.passed()) {
      return a.passed();
    }
    return a.passed()
        ? a.rowsPerSecondPerCore() > b.rowsPerSecondPerCore()
        : a.agreement() > b.agreement();
  }

  /**
   * A step's figures: quality against {@code ref}, speed against {@code timedRef} (fp32 timed in
   * the same tasks as {@code f}).
   */
  QuantizeResult.Step step(
      String form,
      List<String> layers,
      long bytes,
      long fp32Bytes,
      Scoring.Figures ref,
      Scoring.Figures timedRef,
      Scoring.Figures f) {
    List<String> fails = new ArrayList<>(gates.quality("int8", ref, f));
    fails.addAll(gates.efficiency(fp32Bytes, bytes, timedRef, f));
    return new QuantizeResult.Step(
        form,
        layers,
        bytes,
        f.metric(),
        f.agreement(),
        gates.drop(ref.metric(), f.metric()),
        (double) fp32Bytes / bytes,
        f.rowsPerSecondPerCore() / timedRef.rowsPerSecondPerCore(),
        f.rowsPerSecondPerCore(),
        fails);
  }

  /** Each layer's gain, for progress: "layer0 +0.0123, layer1 -0.0004". */
  static String describe(Map<Integer, Double> s) {
    StringBuilder b = new StringBuilder();
    s.forEach(
        (l, v) ->
            b.append(b.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %+.4f", Quantizer.layerName(l), v)));
    return b.toString();
  }
}
