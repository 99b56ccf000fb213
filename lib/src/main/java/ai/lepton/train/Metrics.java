package ai.lepton.train;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics of scored rows ({@code label}, {@code prediction}, {@code probability}): AUC, accuracy,
 * log loss, F1 for classification (F1 of class 1 for binary, weighted F1 for multiclass; AUC for
 * binary only); RMSE, MAE, R2 for regression. An empty split has no metrics.
 */
public final class Metrics {

  private static final double EPS = 1e-15;

  private Metrics() {}

  /** The metrics of {@code scored} for {@code task}. */
  public static Map<String, Double> of(Dataset<Row> scored, String task) {
    Map<String, Double> m = new LinkedHashMap<>();
    Column label = col(TrainingSet.LABEL);
    Column prediction = col(LeptonModelTransformer.PREDICTION);
    if (task.equals("regression")) {
      Row r =
          scored
              .agg(
                  count(lit(1)),
                  avg(pow(prediction.minus(label), 2)),
                  avg(abs(prediction.minus(label))),
                  avg(label),
                  avg(pow(label, 2)))
              .collectAsList()
              .get(0);
      if (r.getLong(0) == 0) {
        return m;
      }
      double mse = r.getDouble(1);
      double variance = r.getDouble(4) - r.getDouble(3) * r.getDouble(3);
      m.put("rmse", Math.sqrt(mse));
      m.put("mae", r.getDouble(2));
      m.put("r2", variance <= 0 ? 0 : 1 - mse / variance);
      return m;
    }
    Column probability = col(LeptonModelTransformer.PROBABILITY);
    Column pLabel =
        task.equals("binary")
            ? when(label.equalTo(1.0), probability).otherwise(lit(1.0).minus(probability))
            : element_at(probability, label.cast("int").plus(1));
    Column clipped = least(greatest(pLabel, lit(EPS)), lit(1 - EPS));
    Column correct = when(prediction.equalTo(label), 1.0).otherwise(0.0);
    Row r =
        scored
            .agg(
                count(lit(1)),
                avg(correct),
                avg(log(clipped)).multiply(-1),
                sum(when(prediction.equalTo(1.0).and(label.equalTo(1.0)), 1).otherwise(0)),
                sum(when(prediction.equalTo(1.0).and(label.notEqual(1.0)), 1).otherwise(0)),
                sum(when(prediction.notEqual(1.0).and(label.equalTo(1.0)), 1).otherwise(0)))
            .collectAsList()
            .get(0);
    if (r.getLong(0) == 0) {
      return m;
    }
    m.put("accuracy", r.getDouble(1));
    m.put("logLoss", r.getDouble(2));
    if (task.equals("binary")) {
      long tp = r.getLong(3);
      long fp = r.getLong(4);
      long fn = r.getLong(5);
      m.put("f1", tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn));
      long positives = tp + fn;
      boolean bothClasses = positives > 0 && positives < r.getLong(0);
      if (bothClasses) {
        m.put(
            "auc",
            new BinaryClassificationEvaluator()
                .setLabelCol(TrainingSet.LABEL)
                .setRawPredictionCol(LeptonModelTransformer.PROBABILITY)
                .setMetricName("areaUnderROC")
                .evaluate(scored));
      }
    } else {
      m.put(
          "f1",
          new MulticlassClassificationEvaluator()
              .setLabelCol(TrainingSet.LABEL)
              .setPredictionCol(LeptonModelTransformer.PREDICTION)
              .setMetricName("f1")
              .evaluate(scored));
    }
    return m;
  }
}
