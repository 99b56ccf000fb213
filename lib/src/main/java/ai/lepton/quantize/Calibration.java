package ai.lepton.quantize;

import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Activation ranges for quantization, calibrated on Spark: each partition runs the sample through
 * the fp32 network and keeps {@link CalibrationStats} of every layer's input; the driver merges the
 * partition states. {@code minmax} takes each input's observed range; {@code percentile} clips it
 * to the given percentile of absolute values (a second pass histograms them over the merged range).
 */
public final class Calibration {

  /** Bins of the absolute-value histogram of the percentile method. */
  public static final int BINS = 2048;

  private Calibration() {}

  /**
   * The calibrated range of each layer's input.
   *
   * @param method {@code minmax} or {@code percentile}
   * @param percentile for {@code percentile}: the share of absolute values kept, e.g. 99.99
   */
  public static Ranges calibrate(
      JavaRDD<float[]> sample, DenseNetwork network, String method, double percentile) {
    CalibrationStats ranges = stats(sample, network, null);
    check(ranges);
    float[] lo = ranges.min();
    float[] hi = ranges.max();
    if (method.equals("percentile")) {
      CalibrationStats hist = stats(sample, network, ranges.maxAbs());
      for (int t = 0; t < lo.length; t++) {
        float clip = hist.percentileAbs(t, percentile);
        lo[t] = Math.max(lo[t], -clip);
        hi[t] = Math.min(hi[t], clip);
      }
    }
    return new Ranges(lo, hi, ranges.rows());
  }

  /**
   * Statistics of every layer input over {@code sample}, one state per partition merged on the
   * driver: min/max when {@code limits} is null, else also histograms over {@code [0, limits]}.
   */
  public static CalibrationStats stats(
      JavaRDD<float[]> sample, DenseNetwork network, float[] limits) {
    int tensors = network.layers().size();
    List<CalibrationStats> parts =
        sample
            .mapPartitions(
                rows -> {
                  CalibrationStats s =
                      limits == null
                          ? CalibrationStats.ranges(tensors)
                          : CalibrationStats.histograms(limits, BINS);
                  float[][] inputs = new float[tensors][];
                  while (rows.hasNext()) {
                    float[] x = rows.next();
                    for (int l = 0; l < tensors; l++) {
                      DenseLayer layer = network.layers().get(l);
                      inputs[l] = x;
                      x = layer.apply(x);
                    }
                    s.add(inputs);
                  }
                  return List.of(s).iterator();
                })
            .collect();
    CalibrationStats merged =
        limits == null
            ? CalibrationStats.ranges(tensors)
            : CalibrationStats.histograms(limits, BINS);
    parts.forEach(merged::merge);
    return merged;
  }

  private static void check(CalibrationStats s) {
    if (s.rows() == 0) {
      throw new QuantizeException(
          "The calibration sample is empty: no row of the training split was left after encoding."
              + " Check lepton.quantize.data (table, version, split) and raise"
              + " lepton.quantize.calibration.sample-rows.");
    }
    float[] lo = s.min();
    float[] hi = s.max();
    for (int t = 0; t < lo.length; t++) {
      if (!(hi[t] > lo[t])) {
        throw new QuantizeException(
            "The calibration sample is constant at the input of layer "
                + t
                + " (every value is "
                + lo[t]
                + " over "
                + s.rows()
                + " rows), so no quantization range can be chosen. Calibrate on more varied"
                + " rows: raise lepton.quantize.calibration.sample-rows or check the training"
                + " split of lepton.quantize.data.");
      }
    }
  }

  /**
   * Calibrated ranges of each layer's input.
   *
   * @param lo lower ends
   * @param hi upper ends
   * @param rows calibration rows they came from
   */
  public record Ranges(float[] lo, float[] hi, long rows) implements java.io.Serializable {}
}
