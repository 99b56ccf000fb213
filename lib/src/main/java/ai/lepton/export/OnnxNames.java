package ai.lepton.export;

import ai.lepton.model.FeatureSignature;

/**
 * The tensor names and shapes of every ONNX model Lepton writes, in one place: the ONNX writer
 * names its graph's input and output with these, and the Triton configs of export declare them.
 */
public final class OnnxNames {

  /** The input: {@code float[N, D]}, D = {@link FeatureSignature#encodedSize()}. */
  public static final String INPUT = "features";

  /** The output of classification models: class probabilities {@code float[N, K]}. */
  public static final String PROBABILITIES = "probabilities";

  /** The output of regression models: {@code float[N, 1]}. */
  public static final String REGRESSION_OUTPUT = "output";

  private OnnxNames() {}

  /** The output name for a model with this signature. */
  public static String output(FeatureSignature signature) {
    return signature.classification() ? PROBABILITIES : REGRESSION_OUTPUT;
  }

  /**
   * The width of the output: 1 for binary classification (the positive class's probability, as
   * {@link ai.lepton.model.DenseNetwork} defines it) and for regression, else the number of
   * classes.
   */
  public static int outputWidth(FeatureSignature signature) {
    return "multiclass".equals(signature.task()) ? signature.classes().size() : 1;
  }
}
