package ai.lepton.distill;

import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.quantize.EncodedRow;
import ai.lepton.quantize.ScoreSums;
import ai.lepton.train.ModelLoader;
import ai.lepton.train.Predictor;
import ai.lepton.train.PredictorCache;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Scores the test split with the teacher and the student on the executors, each through its own
 * Lepton predictor (as {@code LeptonModel} scores it): metric of each, their agreement, and rows/s
 * per core of each timed in the same tasks, batch by batch in turn. Time is the scoring thread's
 * CPU time (wall time where the JVM cannot measure it): every model here scores on the calling
 * thread (XGBoost, PyTorch and ONNX Runtime run one thread per task on executors), so CPU time is
 * the work per core, and a machine busy with other jobs does not skew one model against another.
 */
final class TeacherStudentScoring {

  private TeacherStudentScoring() {}

  /**
   * The measured figures.
   *
   * @param rows test rows scored
   * @param teacherMetric AUC (binary) or RMSE (regression) of the teacher
   * @param studentMetric the same of the student
   * @param agreement share of rows where the student predicts the teacher's class (regression:
   *     within 10% of the label's standard deviation of the teacher's value)
   * @param teacherRowsPerSecondPerCore the teacher's throughput
   * @param studentRowsPerSecondPerCore the student's throughput
   * @param studentOnnxRowsPerSecondPerCore the student's throughput as fp32 ONNX (ONNX Runtime, the
   *     form it exports to), timed in the same tasks
   */
  record Figures(
      long rows,
      double teacherMetric,
      double studentMetric,
      double agreement,
      double teacherRowsPerSecondPerCore,
      double studentRowsPerSecondPerCore,
      double studentOnnxRowsPerSecondPerCore) {}

  /** A row's label and each model's score (p(class 1), or the value). */
  record Scored(double label, double teacher, double student) implements Serializable {}

  static Figures run(
      JavaRDD<EncodedRow> rows,
      ModelLoader teacher,
      ModelLoader student,
      OnnxPredictor studentOnnx,
      String task,
      int batchRows,
      long timingMs) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.context());
    Broadcast<ModelLoader> t = jsc.broadcast(teacher);
    Broadcast<ModelLoader> s = jsc.broadcast(student);
    boolean binary = task.equals("binary");
    JavaRDD<Scored> scored =
        rows.mapPartitions(it -> score(it, t.value(), s.value(), batchRows, binary)).cache();
    try {
      double[] sums =
          scored
              .map(x -> new double[] {1, x.label(), x.label() * x.label()})
              .fold(new double[3], ScoreSums::add);
      long n = (long) sums[0];
      if (n == 0) {
        throw new DistillException(
            "The test split is empty, so the gate has nothing to score. Check lepton.distill.data"
                + " (table, version, split.test).");
      }
      double mean = sums[1] / n;
      double std = Math.sqrt(Math.max(0, sums[2] / n - mean * mean));
      double[] r = scored.map(x -> rowSums(x, binary, std)).fold(new double[3], ScoreSums::add);
      double teacherMetric = binary ? auc(scored, true) : Math.sqrt(r[1] / n);
      double studentMetric = binary ? auc(scored, false) : Math.sqrt(r[2] / n);
      long[] timing =
          rows.mapPartitions(it -> time(it, t.value(), s.value(), studentOnnx, batchRows, timingMs))
              .fold(new long[4], ScoreSums::add);
      return new Figures(
          n,
          teacherMetric,
          studentMetric,
          r[0] / n,
          perSecond(timing[0], timing[1]),
          perSecond(timing[0], timing[2]),
          perSecond(timing[0], timing[3]));
    } finally {
      scored.unpersist(false);
      t.destroy();
      s.destroy();
    }
  }

  private static double perSecond(long rows, long nanos) {
    return nanos == 0 ? 0 : rows / (nanos / 1e9);
  }

  private static Iterator<Scored> score(
      Iterator<EncodedRow> it,
      ModelLoader teacher,
      ModelLoader student,
      int batchRows,
      boolean binary) {
    List<Scored> out = new ArrayList<>();
    try (Predictor t = PredictorCache.get(teacher).newPredictor();
        Predictor s = PredictorCache.get(student).newPredictor()) {
      for (List<EncodedRow> batch : EncodedRow.batches(it, batchRows)) {
        float[][] x = features(batch);
        double[][] ts = t.scores(x);
        double[][] ss = s.scores(x);
        for (int i = 0; i < batch.size(); i++) {
          int k = binary ? 1 : 0;
          out.add(new Scored(batch.get(i).label(), ts[i][k], ss[i][k]));
        }
      }
    }
    return out.iterator();
  }

  /**
   * {@code [rows, teacher nanos, student nanos, student ONNX nanos]}, each timed for at least
   * timingMs, taking turns batch by batch.
   */
  private static Iterator<long[]> time(
      Iterator<EncodedRow> it,
      ModelLoader teacher,
      ModelLoader student,
      OnnxPredictor studentOnnx,
      int batchRows,
      long timingMs) {
    List<float[][]> batches = new ArrayList<>();
    for (List<EncodedRow> b : EncodedRow.batches(it, batchRows)) {
      batches.add(features(b));
    }
    long[] t = new long[4];
    if (batches.isEmpty()) {
      return List.of(t).iterator();
    }
    try (Predictor tp = PredictorCache.get(teacher).newPredictor();
        Predictor sp = PredictorCache.get(student).newPredictor()) {
      List<java.util.function.Function<float[][], Object>> p =
          List.of(tp::scores, sp::scores, studentOnnx::predict);
      p.forEach(f -> f.apply(batches.get(0)));
      long budget = timingMs * 1_000_000L;
      int round = 0;
      while (round == 0 || Math.min(t[1], Math.min(t[2], t[3])) < budget) {
        for (float[][] batch : batches) {
          for (int j = 0; j < 3; j++) {
            int k = (j + round) % 3;
            long start = cpuNanos();
            p.get(k).apply(batch);
            t[1 + k] += cpuNanos() - start;
          }
          t[0] += batch.length;
        }
        round++;
      }
    }
    return List.of(t).iterator();
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** This thread's CPU time, or wall time when the JVM cannot measure it. */
  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported()
        ? THREADS.getCurrentThreadCpuTime()
        : System.nanoTime();
  }

  /** {@code [agrees, teacher squared error, student squared error]} of one row. */
  private static double[] rowSums(Scored x, boolean binary, double labelStd) {
    double agree =
        binary
            ? ((x.teacher() >= 0.5) == (x.student() >= 0.5) ? 1 : 0)
            : (Math.abs(x.teacher() - x.student()) <= 0.1 * labelStd ? 1 : 0);
    double te = x.teacher() - x.label();
    double se = x.student() - x.label();
    return new double[] {agree, te * te, se * se};
  }

  private static double auc(JavaRDD<Scored> scored, boolean teacher) {
    JavaRDD<Tuple2<Object, Object>> pairs =
        scored.map(
            x -> new Tuple2<>((Object) (teacher ? x.teacher() : x.student()), (Object) x.label()));
    return ScoreSums.auc(pairs);
  }

  private static float[][] features(List<EncodedRow> batch) {
    float[][] x = new float[batch.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = batch.get(i).features();
    }
    return x;
  }
}
