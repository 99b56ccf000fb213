package ai.lepton.train;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost booster shipped to executors as the bytes of {@code model/xgboost-model}; scored with
 * XGBoost's own predictor on dense float batches (missing = NaN, as in training).
 */
final class XgboostLoader implements ModelLoader {

  private final String id;
  private final byte[] model;
  private final boolean classification;

  XgboostLoader(String id, byte[] model, boolean classification) {
    this.id = id;
    this.model = model;
    this.classification = classification;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public LoadedModel load() {
    Booster booster;
    try {
      booster = XGBoost.loadModel(model);
    } catch (Exception e) {
      throw TrainErrors.engine(
          "load the XGBoost model " + id, e, "Train the model again with this Lepton.");
    }
    return () -> batch -> score(booster, batch);
  }

  private double[][] score(Booster booster, float[][] batch) {
    if (batch.length == 0) {
      return new double[0][];
    }
    int cols = batch[0].length;
    float[] flat = new float[batch.length * cols];
    for (int i = 0; i < batch.length; i++) {
      System.arraycopy(batch[i], 0, flat, i * cols, cols);
    }
    float[][] raw;
    try {
      DMatrix m = new DMatrix(flat, batch.length, cols, Float.NaN);
      try {
        synchronized (booster) {
          raw = booster.predict(m);
        }
      } finally {
        m.dispose();
      }
    } catch (XGBoostError e) {
      throw TrainErrors.engine("score rows with the XGBoost model " + id, e, "");
    }
    return Scores.of(raw, classification);
  }
}
