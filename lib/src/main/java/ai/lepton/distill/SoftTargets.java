package ai.lepton.distill;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.when;

import ai.lepton.model.FeatureSignature;
import ai.lepton.train.Encoding;
import ai.lepton.train.LeptonModelTransformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The student's training rows: {@code features} (the teacher's encoding) and {@code label}, the
 * target mixed from the teacher's score and the true label. Binary: {@code w * sigmoid(logit(p) /
 * T) + (1 - w) * y}, with {@code p} the teacher's probability of class 1 (clipped to {@code [1e-6,
 * 1 - 1e-6]}), {@code T} the temperature, {@code y} the label as 0/1 and {@code w} the teacher
 * weight; the student's sigmoid cross-entropy takes this soft target as it is. Regression: {@code w
 * * teacher + (1 - w) * label}. The teacher scores on the executors as part of the same plan.
 */
final class SoftTargets {

  private static final double EPS = 1e-6;

  private SoftTargets() {}

  /** Rows the teacher can score: label present; numeric features present under policy drop. */
  static Dataset<Row> clean(Dataset<Row> rows, FeatureSignature sig) {
    Column keep = col(sig.label()).isNotNull();
    if (!"impute".equals(sig.nullPolicy())) {
      for (FeatureSignature.Numeric n : sig.numeric()) {
        keep = keep.and(col(n.name()).isNotNull());
      }
    }
    return rows.filter(keep);
  }

  /** {@code features, label} rows for the student, from {@code rows} scored by {@code teacher}. */
  static Dataset<Row> of(
      Dataset<Row> rows,
      LeptonModelTransformer teacher,
      FeatureSignature sig,
      double temperature,
      double teacherWeight) {
    Dataset<Row> scored = teacher.transform(clean(rows, sig));
    Column target =
        sig.task().equals("binary")
            ? binary(sig, temperature, teacherWeight)
            : col(LeptonModelTransformer.PREDICTION)
                .multiply(teacherWeight)
                .plus(col(sig.label()).cast("double").multiply(1 - teacherWeight));
    return scored.select(Encoding.features(sig).as("features"), target.as("label"));
  }

  private static Column binary(FeatureSignature sig, double temperature, double weight) {
    Column p = least(greatest(col(LeptonModelTransformer.PROBABILITY), lit(EPS)), lit(1 - EPS));
    Column logit = log(p.divide(lit(1).minus(p)));
    Column soft = lit(1).divide(lit(1).plus(exp(logit.divide(-temperature))));
    Column y =
        when(col(sig.label()).cast("string").equalTo(sig.classes().get(1)), 1.0).otherwise(0.0);
    return soft.multiply(weight).plus(y.multiply(1 - weight));
  }
}
