package ai.lepton.train;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.stddev_pop;

import ai.lepton.data.InputException;
import ai.lepton.model.FeatureSignature;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits a {@link FeatureSignature} on a training split, refusing a split with no rows and a label
 * whose classes do not suit the task.
 */
final class SignatureFit {

  private static final int MAX_CLASSES = 1000;

  private SignatureFit() {}

  /**
   * Fits the signature on the training split: mean and standard deviation of each numeric feature
   * (after log1p where configured), the most frequent values of each categorical one, the classes.
   */
  static FeatureSignature fit(Dataset<Row> train, FeatureColumns columns, TrainConfig.Features f) {
    List<String> numeric = columns.numeric();
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (String n : numeric) {
      Column x = f.logNumeric().contains(n) ? signum(col(n)).multiply(log1p(abs(col(n)))) : col(n);
      aggs.add(avg(x));
      aggs.add(stddev_pop(x));
    }
    Row stats =
        train
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
            .collectAsList()
            .get(0);
    if (stats.getLong(0) == 0) {
      throw new InputException(
          "The training split is empty: no row of the table is left after dropping rows with"
              + " nulls and taking the validation and test splits. Check that the table has rows,"
              + " lepton.train.features.null-policy and lepton.train.split.");
    }
    List<FeatureSignature.Numeric> nums = new ArrayList<>();
    for (int i = 0; i < numeric.size(); i++) {
      Object mean = stats.get(1 + 2 * i);
      Object std = stats.get(2 + 2 * i);
      nums.add(
          new FeatureSignature.Numeric(
              numeric.get(i),
              mean == null ? 0 : (Double) mean,
              std == null || ((Double) std).isNaN() ? 0 : (Double) std,
              f.logNumeric().contains(numeric.get(i))));
    }
    List<FeatureSignature.Categorical> cats = new ArrayList<>();
    for (String c : columns.categorical()) {
      List<String> values =
          train
              .filter(col(c).isNotNull())
              .groupBy(col(c))
              .count()
              .orderBy(col("count").desc(), col(c))
              .limit(f.maxCategories())
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .sorted()
              .toList();
      cats.add(new FeatureSignature.Categorical(c, values));
    }
    return new FeatureSignature(
        columns.key(), columns.label(), f.task(), nums, cats, classes(train, f), f.nullPolicy());
  }

  private static List<String> classes(Dataset<Row> train, TrainConfig.Features f) {
    if (!f.classification()) {
      return List.of();
    }
    List<String> seen =
        train
            .select(col(FeaturePrep.RAW_LABEL))
            .distinct()
            .limit(MAX_CLASSES + 1)
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .sorted()
            .toList();
    if (!f.positiveClass().isEmpty()) {
      if (!seen.contains(f.positiveClass())) {
        throw new InputException(
            "The training split has no row whose "
                + f.label()
                + " is '"
                + f.positiveClass()
                + "' (lepton.train.features.positive-class); it holds "
                + preview(seen)
                + ". Fix the positive class or the label column.");
      }
      if (seen.size() < 2) {
        throw singleClass(f, seen);
      }
      return List.of("not " + f.positiveClass(), f.positiveClass());
    }
    if (seen.size() < 2) {
      throw singleClass(f, seen);
    }
    if (f.task().equals("binary") && seen.size() != 2) {
      throw new InputException(
          "task = binary needs exactly two label values, but "
              + f.label()
              + " has "
              + (seen.size() > MAX_CLASSES ? "more than " + MAX_CLASSES : seen.size())
              + " in the training split: "
              + preview(seen)
              + ". Set lepton.train.features.positive-class to the value that is class 1, or use"
              + " task = multiclass.");
    }
    if (seen.size() > MAX_CLASSES) {
      throw new InputException(
          f.label()
              + " has more than "
              + MAX_CLASSES
              + " distinct values; it is not a class label. Use task = regression or another"
              + " lepton.train.features.label.");
    }
    return seen;
  }

  private static InputException singleClass(TrainConfig.Features f, List<String> seen) {
    return new InputException(
        "The label "
            + f.label()
            + " has a single class in the training split ("
            + preview(seen)
            + "): a classifier needs at least two. Train on data with both outcomes, or fix"
            + " lepton.train.features.label.");
  }

  private static String preview(List<String> values) {
    return values.size() <= 10
        ? values.toString()
        : values.subList(0, 10).toString().replace("]", ", ...]");
  }
}
