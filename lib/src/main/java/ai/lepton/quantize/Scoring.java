package ai.lepton.quantize;

import ai.lepton.onnx.OnnxPredictor;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Scores a split with several ONNX models on Spark: figures per model against the first (the
 * reference), and throughput of each measured in the same tasks, batch by batch in turn, so every
 * model sees the same data and the same machine load.
 */
public final class Scoring {

  private Scoring() {}

  /** Per model: metric, agreement with the reference, rows/s per core. */
  public record Figures(double metric, double agreement, double rowsPerSecondPerCore) {}

  /** One row's label and each model's output. */
  record Scored(double label, float[][] outputs) implements Serializable {}

  /**
   * Figures of each model on {@code rows}: {@code task} picks the metric (binary: AUC, multiclass:
   * accuracy, regression: RMSE) and agreement (same class; regression: within {@code 1%} of the
   * label's standard deviation).
   */
  public static List<Figures> run(
      JavaRDD<EncodedRow> rows,
      List<OnnxPredictor> models,
      String task,
      int batchRows,
      long timingMs) {
    return figures(rows, models, task, batchRows, timingMs);
  }

  /**
   * Metric and agreement of each model on {@code rows}, as {@link #run} measures them, without the
   * throughput measurement (rows/s per core is 0): one Spark job over every model.
   */
  public static List<Figures> quality(
      JavaRDD<EncodedRow> rows, List<OnnxPredictor> models, String task, int batchRows) {
    return figures(rows, models, task, batchRows, -1);
  }

  private static List<Figures> figures(
      JavaRDD<EncodedRow> rows,
      List<OnnxPredictor> models,
      String task,
      int batchRows,
      long timingMs) {
    JavaRDD<Scored> scored = rows.mapPartitions(it -> score(it, models, batchRows)).cache();
    try {
      int m = models.size();
      double labelStd = task.equals("regression") ? labelStd(scored) : 0;
      double[] sums =
          scored.map(s -> rowSums(s, task, labelStd)).fold(new double[2 * m + 1], ScoreSums::add);
      long n = (long) sums[2 * m];
      if (n == 0) {
        throw new QuantizeException(
            "The test split is empty, so the gate has nothing to score. Check"
                + " lepton.quantize.data (table, version, split.test).");
      }
      long[] timing =
          timingMs < 0
              ? new long[m + 1]
              : rows.mapPartitions(it -> time(it, models, batchRows, timingMs))
                  .fold(new long[m + 1], ScoreSums::add);
      List<Figures> out = new ArrayList<>();
      for (int k = 0; k < m; k++) {
        double metric =
            switch (task) {
              case "binary" -> auc(scored, k);
              case "regression" -> Math.sqrt(sums[m + k] / n);
              default -> sums[m + k] / n;
            };
        double seconds = timing[1 + k] / 1e9;
        out.add(new Figures(metric, sums[k] / n, seconds == 0 ? 0 : timing[0] / seconds));
      }
      return out;
    } finally {
      scored.unpersist(false);
    }
  }

  private static Iterator<Scored> score(
      Iterator<EncodedRow> it, List<OnnxPredictor> models, int batchRows) {
    List<Scored> out = new ArrayList<>();
    for (List<EncodedRow> batch : EncodedRow.batches(it, batchRows)) {
      float[][][] outputs = new float[models.size()][][];
      for (int k = 0; k < models.size(); k++) {
        outputs[k] = predict(models.get(k), batch);
      }
      for (int r = 0; r < batch.size(); r++) {
        float[][] o = new float[models.size()][];
        for (int k = 0; k < o.length; k++) {
          o[k] = outputs[k][r];
        }
        out.add(new Scored(batch.get(r).label(), o));
      }
    }
    return out.iterator();
  }

  /**
   * Nanoseconds each model spends scoring this partition, repeated until every model has spent at
   * least {@code timingMs}; returns {@code [rows scored per model, nanos of model 0, ...]}.
   */
  private static Iterator<long[]> time(
      Iterator<EncodedRow> it, List<OnnxPredictor> models, int batchRows, long timingMs) {
    List<List<EncodedRow>> batches = EncodedRow.batches(it, batchRows);
    int m = models.size();
    long[] t = new long[m + 1];
    if (batches.isEmpty()) {
      return List.of(t).iterator();
    }
    for (OnnxPredictor p : models) {
      predict(p, batches.get(0));
    }
    long budget = timingMs * 1_000_000L;
    int round = 0;
    while (round == 0 || min(t, m) < budget) {
      for (List<EncodedRow> batch : batches) {
        for (int j = 0; j < m; j++) {
          int k = (j + round) % m;
          long start = System.nanoTime();
          predict(models.get(k), batch);
          t[1 + k] += System.nanoTime() - start;
        }
        t[0] += batch.size();
      }
      round++;
    }
    return List.of(t).iterator();
  }

  private static long min(long[] t, int m) {
    long min = Long.MAX_VALUE;
    for (int k = 0; k < m; k++) {
      min = Math.min(min, t[1 + k]);
    }
    return min;
  }

  private static float[][] predict(OnnxPredictor p, List<EncodedRow> batch) {
    int width = batch.get(0).features().length;
    FloatBuffer buf = FloatBuffer.allocate(batch.size() * width);
    for (EncodedRow r : batch) {
      buf.put(r.features());
    }
    buf.flip();
    return p.predict(buf, batch.size(), width);
  }

  /** {@code [agree_0..agree_m-1, metricSum_0.., count]} of one row. */
  private static double[] rowSums(Scored s, String task, double labelStd) {
    int m = s.outputs().length;
    double[] r = new double[2 * m + 1];
    float[] ref = s.outputs()[0];
    for (int k = 0; k < m; k++) {
      float[] o = s.outputs()[k];
      if (task.equals("regression")) {
        r[k] = Math.abs(o[0] - ref[0]) <= 0.01 * labelStd ? 1 : 0;
        double e = o[0] - s.label();
        r[m + k] = e * e;
      } else {
        int c = predictedClass(o);
        r[k] = c == predictedClass(ref) ? 1 : 0;
        r[m + k] = c == (int) s.label() ? 1 : 0;
      }
    }
    r[2 * m] = 1;
    return r;
  }

  static int predictedClass(float[] o) {
    if (o.length == 1) {
      return o[0] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int i = 1; i < o.length; i++) {
      if (o[i] > o[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double labelStd(JavaRDD<Scored> scored) {
    double[] s =
        scored
            .map(x -> new double[] {1, x.label(), x.label() * x.label()})
            .fold(new double[3], ScoreSums::add);
    double mean = s[1] / Math.max(1, s[0]);
    return Math.sqrt(Math.max(0, s[2] / Math.max(1, s[0]) - mean * mean));
  }

  private static double auc(JavaRDD<Scored> scored, int k) {
    JavaRDD<Tuple2<Object, Object>> pairs =
        scored.map(s -> new Tuple2<>((Object) (double) s.outputs()[k][0], (Object) s.label()));
    return ScoreSums.auc(pairs);
  }
}
