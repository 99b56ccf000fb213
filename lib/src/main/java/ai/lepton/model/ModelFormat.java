package ai.lepton.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the model files of a model directory are stored. */
public enum ModelFormat {
  /** A Spark ML model saved with {@code MLWritable.save}, under {@code model/}. */
  SPARK_ML("spark-ml"),
  /** An XGBoost booster in XGBoost's own format, {@code model/xgboost-model}. */
  XGBOOST("xgboost"),
  /** DJL parameters and the block spec, under {@code model/}. */
  DJL("djl"),
  /** An ONNX graph, {@code model/model.onnx}. */
  ONNX("onnx");

  private final String id;

  ModelFormat(String id) {
    this.id = id;
  }

  /** The name used in {@code lepton-model.json} and in config. */
  @JsonValue
  public String id() {
    return id;
  }

  /** The format named {@code id}. */
  @JsonCreator
  public static ModelFormat of(String id) {
    for (ModelFormat f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw ModelErrors.unknownFormat(id);
  }
}
