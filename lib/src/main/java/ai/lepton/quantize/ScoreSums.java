package ai.lepton.quantize;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import scala.Tuple2;

/**
 * What the gates' scorings (quantize's forms against fp32, distill's student against its teacher)
 * fold the scored test rows with: element-wise sums of per-row figures and timings, and the AUC of
 * (score, label) pairs.
 */
public final class ScoreSums {

  private ScoreSums() {}

  /** {@code a + b}, element by element, as a new array. */
  public static double[] add(double[] a, double[] b) {
    double[] c = a.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += b[i];
    }
    return c;
  }

  /** {@code a + b}, element by element, as a new array. */
  public static long[] add(long[] a, long[] b) {
    long[] c = a.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += b[i];
    }
    return c;
  }

  /** The area under the ROC curve of {@code (score, label)} pairs. */
  public static double auc(JavaRDD<Tuple2<Object, Object>> pairs) {
    BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(pairs.rdd());
    try {
      return metrics.areaUnderROC();
    } finally {
      metrics.unpersist();
    }
  }
}
