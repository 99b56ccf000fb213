package ai.lepton.train;

import ai.lepton.model.ModelFormat;
import java.nio.file.Path;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.ml.util.MLWritable;

/**
 * Spark ML trainers: {@code mllib.logistic-regression} (linear regression for task = regression),
 * {@code mllib.gbt}, {@code mllib.random-forest}. Saved with {@code MLWritable} through the run's
 * staging folder on the model's store ({@link SparkMlFiles}), then published under {@code
 * model/spark-ml}.
 */
final class MllibTrainer implements Trainer {

  @Override
  public TrainedModel fit(TrainingSet set, TrainContext context) {
    TrainConfig c = context.config();
    boolean classification = c.features().classification();
    Predictor<Vector, ?, ?> estimator = estimator(c, classification);
    estimator.setFeaturesCol(TrainingSet.FEATURES);
    estimator.setLabelCol(TrainingSet.LABEL);
    PredictionModel<?, ?> model;
    try {
      model = (PredictionModel<?, ?>) estimator.fit(set.train());
    } catch (Exception e) {
      throw TrainErrors.trainingFailed(c.algorithm(), e, "Check lepton.train.mllib.");
    }
    return new TrainedModel() {
      @Override
      public ModelFormat format() {
        return ModelFormat.SPARK_ML;
      }

      @Override
      public void write(Path modelDir) {
        SparkMlFiles.save(
            (MLWritable) model,
            context.stagingUri(),
            modelDir.resolve(ModelLoaders.SPARK_ML_DIR),
            context.spark());
      }

      @Override
      @SuppressWarnings("unchecked")
      public ModelLoader inMemory(String id) {
        return new SparkMlLoader(id, (PredictionModel<Vector, ?>) model);
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Predictor<Vector, ?, ?> estimator(TrainConfig c, boolean classification) {
    int maxIter = c.params().containsKey("max-iter") ? (int) c.whole("max-iter") : 0;
    return switch (c.algorithm()) {
      case "mllib.logistic-regression" ->
          classification
              ? (Predictor)
                  new LogisticRegression().setMaxIter(maxIter).setRegParam(c.number("reg-param"))
              : (Predictor)
                  new LinearRegression().setMaxIter(maxIter).setRegParam(c.number("reg-param"));
      case "mllib.gbt" ->
          classification
              ? (Predictor)
                  new GBTClassifier()
                      .setMaxIter(maxIter)
                      .setMaxDepth((int) c.whole("max-depth"))
                      .setStepSize(c.number("step-size"))
                      .setSeed(c.whole("seed"))
              : (Predictor)
                  new GBTRegressor()
                      .setMaxIter(maxIter)
                      .setMaxDepth((int) c.whole("max-depth"))
                      .setStepSize(c.number("step-size"))
                      .setSeed(c.whole("seed"));
      case "mllib.random-forest" ->
          classification
              ? (Predictor)
                  new RandomForestClassifier()
                      .setNumTrees((int) c.whole("num-trees"))
                      .setMaxDepth((int) c.whole("max-depth"))
                      .setSeed(c.whole("seed"))
              : (Predictor)
                  new RandomForestRegressor()
                      .setNumTrees((int) c.whole("num-trees"))
                      .setMaxDepth((int) c.whole("max-depth"))
                      .setSeed(c.whole("seed"));
      // TrainConfig accepts only the algorithms above (Trainers picks this trainer for them)
      default -> throw TrainErrors.unknownAlgorithm(c.algorithm());
    };
  }
}
