package ai.lepton.monitor;

import java.util.Arrays;

/**
 * The drift statistics from bucket counts, in plain Java. Counts are of non-null values, in bucket
 * order; a numeric feature's buckets are the intervals between sorted, distinct edges: bucket
 * {@code k} holds {@code edges[k-1] < x <= edges[k]}, bucket 0 {@code x <= edges[0]}, the last
 * {@code x > edges[last]}.
 */
final class DriftMath {

  /**
   * Share that stands in for an empty bucket in the population stability index, so that a bucket
   * empty on one side adds a large but finite term (the usual convention).
   */
  public static final double EMPTY_SHARE = 1e-4;

  private DriftMath() {}

  /**
   * Population stability index {@code sum((a - e) * ln(a / e))} over the buckets' shares, {@code e}
   * of the expected (training) side and {@code a} of the actual (new) side; 0 when either side has
   * no values.
   */
  public static double psi(long[] expected, long[] actual) {
    long e = sum(expected);
    long a = sum(actual);
    if (e == 0 || a == 0) {
      return 0;
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double pe = Math.max((double) expected[i] / e, EMPTY_SHARE);
      double pa = Math.max((double) actual[i] / a, EMPTY_SHARE);
      psi += (pa - pe) * Math.log(pa / pe);
    }
    return psi;
  }

  /**
   * Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs evaluated at each
   * bucket's upper edge.
   */
  public static double ks(long[] expected, long[] actual) {
    long e = sum(expected);
    long a = sum(actual);
    if (e == 0 || a == 0) {
      return 0;
    }
    double ks = 0;
    long ce = 0;
    long ca = 0;
    for (int i = 0; i < expected.length; i++) {
      ce += expected[i];
      ca += actual[i];
      ks = Math.max(ks, Math.abs((double) ce / e - (double) ca / a));
    }
    return ks;
  }

  /** The bucket of {@code x} among sorted distinct {@code edges}: 0 to {@code edges.length}. */
  public static int bucket(double x, double[] edges) {
    int at = Arrays.binarySearch(edges, x);
    return at >= 0 ? at : -at - 1;
  }

  /**
   * Adds up the counts of buckets over {@code fineEdges} into the buckets over {@code coarseEdges},
   * which must be a subset of {@code fineEdges}.
   */
  public static long[] merge(long[] fine, double[] fineEdges, double[] coarseEdges) {
    long[] coarse = new long[coarseEdges.length + 1];
    for (int k = 0; k < fine.length; k++) {
      int into = k < fineEdges.length ? bucket(fineEdges[k], coarseEdges) : coarseEdges.length;
      coarse[into] += fine[k];
    }
    return coarse;
  }

  /** Sorted distinct finite values of {@code values}. */
  public static double[] edges(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).sorted().distinct().toArray();
  }

  private static long sum(long[] counts) {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }
}
