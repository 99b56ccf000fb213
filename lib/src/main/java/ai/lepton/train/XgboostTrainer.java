package ai.lepton.train;

import ai.lepton.model.ModelFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;

/**
 * XGBoost4J-Spark: binary:logistic, multi:softprob or reg:squarederror. Written as {@code
 * model/xgboost-model} in XGBoost's JSON model format, which SageMaker's XGBoost container loads.
 * With {@code device = cuda} the session must have GPUs ({@link GpuResources}), checked before
 * XGBoost starts.
 */
final class XgboostTrainer implements Trainer {

  @Override
  public TrainedModel fit(TrainingSet set, TrainContext context) {
    TrainConfig c = context.config();
    String device = (String) c.params().get("device");
    if (device.equals("cuda")) {
      GpuResources.require(context.spark(), "lepton.train.xgboost.device");
    }
    int workers = (int) c.whole("num-workers");
    if (workers <= 0) {
      workers = Math.max(1, context.spark().sparkContext().defaultParallelism());
    }
    Booster booster;
    try {
      booster =
          c.features().classification()
              ? classifier(set, c, device, workers)
              : regressor(set, c, device, workers);
    } catch (Exception e) {
      throw TrainErrors.trainingFailed(
          "xgboost",
          e,
          "Check lepton.train.xgboost (num-workers must not exceed the cores Spark has).");
    }
    byte[] bytes;
    try {
      bytes = booster.toByteArray("json");
    } catch (Exception e) {
      throw TrainErrors.engine("serialize the XGBoost model", e, "");
    }
    return new TrainedModel() {
      @Override
      public ModelFormat format() {
        return ModelFormat.XGBOOST;
      }

      @Override
      public void write(Path modelDir) {
        try {
          Path file = modelDir.resolve(ModelLoaders.XGBOOST_FILE);
          Files.createDirectories(file.getParent());
          Files.write(file, bytes);
        } catch (IOException e) {
          throw TrainErrors.modelFile(
              "write the XGBoost model into " + modelDir, e, TrainErrors.CHECK_STAGING);
        }
      }
    };
  }

  private static Booster classifier(TrainingSet set, TrainConfig c, String device, int workers) {
    XGBoostClassifier x = new XGBoostClassifier();
    int classes = set.signature().classes().size();
    if (classes > 2) {
      x.setObjective("multi:softprob");
      x.setNumClass(classes);
    } else {
      x.setObjective("binary:logistic");
    }
    common(x, c, device, workers);
    return ((XGBoostClassificationModel) x.fit(set.train())).nativeBooster();
  }

  private static Booster regressor(TrainingSet set, TrainConfig c, String device, int workers) {
    XGBoostRegressor x = new XGBoostRegressor();
    x.setObjective("reg:squarederror");
    common(x, c, device, workers);
    return ((XGBoostRegressionModel) x.fit(set.train())).nativeBooster();
  }

  /** The settings both estimators take: {@code lepton.train.xgboost}'s, and the columns. */
  private static void common(XGBoostEstimator<?, ?> x, TrainConfig c, String device, int workers) {
    x.setNumRound((int) c.whole("num-round"));
    x.setMaxDepth((int) c.whole("max-depth"));
    x.setEta(c.number("eta"));
    x.setNumWorkers(workers);
    x.setNthread((int) c.whole("nthread"));
    x.setDevice(device);
    x.setSeed(c.whole("seed"));
    x.set(x.featuresCol(), TrainingSet.FEATURES);
    x.set(x.labelCol(), TrainingSet.LABEL);
  }
}
