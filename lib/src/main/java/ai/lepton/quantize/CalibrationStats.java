package ai.lepton.quantize;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable statistics of the input of each layer over a calibration sample: value count, min and
 * max; and, once the range is known, a histogram of absolute values over {@code [0, limit]} with a
 * fixed number of bins, so histograms from different partitions add up bin by bin. Merging
 * partition states in any order gives the same result as one pass over all rows.
 */
public final class CalibrationStats implements Serializable {

  private static final long serialVersionUID = 1L;

  private long rows;
  private final float[] min;
  private final float[] max;
  private final float[] limit;
  private final long[][] histogram;

  private CalibrationStats(int tensors, float[] limit, int bins) {
    this.min = new float[tensors];
    this.max = new float[tensors];
    Arrays.fill(min, Float.POSITIVE_INFINITY);
    Arrays.fill(max, Float.NEGATIVE_INFINITY);
    this.limit = limit;
    this.histogram = limit == null ? null : new long[tensors][bins];
  }

  /** Empty min/max state for {@code tensors} tensors. */
  public static CalibrationStats ranges(int tensors) {
    return new CalibrationStats(tensors, null, 0);
  }

  /** Empty state that also histograms |x| over {@code [0, limit[t]]} in {@code bins} bins. */
  public static CalibrationStats histograms(float[] limit, int bins) {
    return new CalibrationStats(limit.length, limit.clone(), bins);
  }

  /** Counts one row: {@code inputs[t]} is the value of tensor {@code t} for this row. */
  public void add(float[][] inputs) {
    rows++;
    for (int t = 0; t < inputs.length; t++) {
      for (float v : inputs[t]) {
        if (v < min[t]) {
          min[t] = v;
        }
        if (v > max[t]) {
          max[t] = v;
        }
        if (histogram != null) {
          long[] h = histogram[t];
          int bin = limit[t] <= 0 ? 0 : (int) (Math.abs(v) / limit[t] * h.length);
          h[Math.min(Math.max(bin, 0), h.length - 1)]++;
        }
      }
    }
  }

  /** Adds {@code other}'s counts into this state and returns it. */
  public CalibrationStats merge(CalibrationStats other) {
    rows += other.rows;
    for (int t = 0; t < min.length; t++) {
      min[t] = Math.min(min[t], other.min[t]);
      max[t] = Math.max(max[t], other.max[t]);
      if (histogram != null) {
        for (int b = 0; b < histogram[t].length; b++) {
          histogram[t][b] += other.histogram[t][b];
        }
      }
    }
    return this;
  }

  public long rows() {
    return rows;
  }

  public float[] min() {
    return min.clone();
  }

  public float[] max() {
    return max.clone();
  }

  /** The largest absolute value of each tensor. */
  public float[] maxAbs() {
    float[] a = new float[min.length];
    for (int t = 0; t < a.length; t++) {
      a[t] = Math.max(Math.abs(min[t]), Math.abs(max[t]));
    }
    return a;
  }

  /** The histogram of tensor {@code t}; null for a min/max state. */
  public long[] histogram(int t) {
    return histogram == null ? null : histogram[t].clone();
  }

  /**
   * The absolute value below which {@code percentile} percent of tensor {@code t}'s values lie: the
   * upper edge of the first bin where the cumulative count reaches it.
   */
  public float percentileAbs(int t, double percentile) {
    long[] h = histogram[t];
    long total = Arrays.stream(h).sum();
    double target = total * percentile / 100.0;
    long seen = 0;
    for (int b = 0; b < h.length; b++) {
      seen += h[b];
      if (seen >= target) {
        return limit[t] * (b + 1) / h.length;
      }
    }
    return limit[t];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CalibrationStats s
        && rows == s.rows
        && Arrays.equals(min, s.min)
        && Arrays.equals(max, s.max)
        && Arrays.deepEquals(histogram, s.histogram);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(rows) * 31 + Arrays.hashCode(max);
  }
}
