package ai.lepton.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monitor's findings from the counts of both sides: per slot the PSI and KS (numeric), the PSI
 * and the share of unseen categories (categorical), the change of the null rate (features); and the
 * line that sums them up.
 */
final class Findings {

  private Findings() {}

  /** The statistics of one slot from its counts on both sides. */
  static List<Finding> of(
      Slot s,
      long[] before,
      long[] after,
      double[] fineEdges,
      double[] coarseEdges,
      Map<String, Double> thresholds) {
    List<Finding> out = new ArrayList<>();
    long[] b = Arrays.copyOfRange(before, DriftScan.FIRST, before.length);
    long[] a = Arrays.copyOfRange(after, DriftScan.FIRST, after.length);
    if (s.numeric()) {
      long[] cb = DriftMath.merge(b, fineEdges, coarseEdges);
      long[] ca = DriftMath.merge(a, fineEdges, coarseEdges);
      if (present(b, a)) {
        out.add(stat(s, "psi", DriftMath.psi(cb, ca), thresholds));
        out.add(stat(s, "ks", DriftMath.ks(b, a), thresholds));
      }
    } else {
      long[] pb = withOther(b, before[DriftScan.OTHER]);
      long[] pa = withOther(a, after[DriftScan.OTHER]);
      if (present(pb, pa)) {
        out.add(stat(s, "psi", DriftMath.psi(pb, pa), thresholds));
        if (s.measuresNulls()) {
          double unseen = share(after[DriftScan.OTHER], pa) - share(before[DriftScan.OTHER], pb);
          out.add(stat(s, "unseen_share", Math.max(0, unseen), thresholds));
        }
      }
    }
    if (s.measuresNulls()) {
      double change =
          Math.abs(
              (double) after[DriftScan.NULLS] / Math.max(1, total(after))
                  - (double) before[DriftScan.NULLS] / Math.max(1, total(before)));
      out.add(stat(s, "null_rate_change", change, thresholds));
    }
    return out;
  }

  private static Finding stat(Slot s, String statistic, double value, Map<String, Double> t) {
    return Finding.of(s.name(), s.kind(), statistic, value, t.get(statistic));
  }

  private static long[] withOther(long[] known, long other) {
    long[] out = Arrays.copyOf(known, known.length + 1);
    out[known.length] = other;
    return out;
  }

  private static boolean present(long[] b, long[] a) {
    return Arrays.stream(b).sum() > 0 && Arrays.stream(a).sum() > 0;
  }

  private static double share(long part, long[] all) {
    long n = Arrays.stream(all).sum();
    return n == 0 ? 0 : (double) part / n;
  }

  private static long total(long[] counts) {
    return Arrays.stream(counts).sum();
  }

  /** The rows counted: the total of any slot's counts. */
  static long rows(long[][] counts) {
    return counts.length == 0 ? 0 : total(counts[0]);
  }

  /** One line saying what was found: no drift, or how many statistics drifted and the worst. */
  static String message(List<Finding> findings, int exceeded) {
    if (exceeded == 0) {
      return "no drift: all "
          + findings.size()
          + " statistics are within their thresholds (lepton.monitor.thresholds)";
    }
    StringBuilder text =
        new StringBuilder(
            exceeded + " of " + findings.size() + " statistics above their thresholds: ");
    List<String> worst = new ArrayList<>();
    for (Finding f : findings) {
      if (f.drifted() && worst.size() < 3) {
        worst.add(
            String.format(
                Locale.ROOT,
                "%s %s %.3f > %s",
                f.feature(),
                f.statistic(),
                f.value(),
                trim(f.threshold())));
      }
    }
    return text.append(String.join(", ", worst)).append(exceeded > 3 ? ", ..." : "").toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
