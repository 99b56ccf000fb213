package ai.lepton.quantize;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.model.SplitRule;
import java.util.List;

/**
 * {@code lepton.quantize}, read and checked before any work starts.
 *
 * @param model the source model directory
 * @param output where the quantized model directory goes
 * @param table the Delta table to calibrate and test on; empty: the source model's input table
 * @param version its version; -1: the source model's
 * @param split the split rule training used
 * @param method {@code minmax} or {@code percentile}
 * @param percentile for {@code percentile}, the share of absolute values kept
 * @param sampleRows calibration rows drawn from the training split
 * @param forms the quantized forms to build and measure
 * @param sparsity magnitude pruning share before quantization (0: none)
 * @param gate the gate thresholds
 * @param batchRows rows per ONNX Runtime call when scoring
 * @param mixed the accuracy-controlled mixed precision search
 */
public record QuantizeConfig(
    String model,
    String output,
    String table,
    long version,
    SplitRule split,
    String method,
    double percentile,
    long sampleRows,
    List<String> forms,
    double sparsity,
    Gate gate,
    int batchRows,
    Mixed mixed) {

  /**
   * Accuracy-controlled mixed precision ({@code lepton.quantize.mixed}).
   *
   * @param enabled search for layers to keep fp32 when all-int8 fails the gate's quality bounds
   * @param keepFp32 layers always kept fp32, by index ({@code layer0} is the first dense layer)
   * @param maxTrials most mixed models scored on the test split in the search
   */
  public record Mixed(boolean enabled, List<Integer> keepFp32, int maxTrials) {}

  /**
   * Gate thresholds, a candidate model against its reference on the test split: the int8 model
   * against the fp32 one here, the student against the teacher in {@code lepton.distill}.
   *
   * @param minAgreement least share of test rows whose prediction equals the reference's (same
   *     class; regression: within 10% of the label's standard deviation)
   * @param maxMetricDrop most the metric may get worse (AUC points; RMSE relative increase)
   * @param minSizeRatio least reference file size / candidate file size
   * @param minSpeedRatio least candidate rows/s per core / reference rows/s per core, in the same
   *     Spark tasks (a distilled student is timed as fp32 ONNX)
   * @param timingMs least time each model spends scoring per partition when measuring speed
   */
  public record Gate(
      double minAgreement,
      double maxMetricDrop,
      double minSizeRatio,
      double minSpeedRatio,
      long timingMs) {

    /**
     * The {@code gate.*} keys of the section {@code s}; a {@link ConfigException} names a bad one.
     */
    public static Gate read(Settings s) {
      return new Gate(
          s.number("gate.min-agreement"),
          s.number("gate.max-metric-drop"),
          s.number("gate.min-size-ratio"),
          s.number("gate.min-speed-ratio"),
          positive(s, "gate.timing-ms"));
    }
  }

  /** Reads {@code lepton.quantize}; a {@link ConfigException} names any bad key. */
  public static QuantizeConfig from(LeptonConfig config) {
    Settings s = Settings.at(config.raw(), "lepton.quantize");
    String model = s.requiredString("model", "\"lepton-work/models/churn\"");
    String output = s.string("output").trim();
    if (output.isEmpty()) {
      output = (model.endsWith("/") ? model.substring(0, model.length() - 1) : model) + "-int8";
    }
    String method = s.string("calibration.method");
    if (!List.of("minmax", "percentile").contains(method)) {
      throw new ConfigException(
          s.key("calibration.method") + " must be minmax or percentile, not '" + method + "'.");
    }
    double percentile = s.number("calibration.percentile");
    if (!(percentile > 0 && percentile <= 100)) {
      throw new ConfigException(
          s.key("calibration.percentile") + " must be in (0, 100], e.g. 99.99, not " + percentile);
    }
    long sampleRows = positive(s, "calibration.sample-rows");
    List<String> forms = s.strings("forms");
    if (forms.isEmpty() || !Quantizer.FORMS.containsAll(forms)) {
      throw new ConfigException(
          s.key("forms") + " must list one or both of " + Quantizer.FORMS + ", not " + forms);
    }
    double sparsity = s.number("prune.sparsity");
    if (sparsity < 0 || sparsity >= 1) {
      throw new ConfigException(
          s.key("prune.sparsity") + " must be in [0, 1), e.g. 0.5, not " + sparsity);
    }
    SplitRule split = SplitRule.from(s, "data.split");
    Gate gate = Gate.read(s);
    return new QuantizeConfig(
        model,
        output,
        s.string("data.table").trim(),
        s.whole("data.version"),
        split,
        method,
        percentile,
        sampleRows,
        List.copyOf(forms),
        sparsity,
        gate,
        (int) positive(s, "batch-rows"),
        new Mixed(
            s.bool("mixed.enabled"),
            layers(s, "mixed.keep-fp32"),
            (int) positive(s, "mixed.max-trials")));
  }

  private static List<Integer> layers(Settings s, String key) {
    List<Integer> out = new java.util.ArrayList<>();
    for (String name : s.strings(key)) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("layer(\\d{1,4})").matcher(name);
      if (!m.matches()) {
        throw new ConfigException(
            s.key(key)
                + " lists layers as layer0, layer1, ... (layer0 is the first dense layer), not '"
                + name
                + "'.");
      }
      out.add(Integer.parseInt(m.group(1)));
    }
    return List.copyOf(out);
  }

  private static long positive(Settings s, String key) {
    long v = s.whole(key);
    if (v <= 0) {
      throw new ConfigException(s.key(key) + " must be at least 1, not " + v);
    }
    return v;
  }
}
