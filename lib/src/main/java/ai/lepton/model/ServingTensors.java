package ai.lepton.model;

import java.util.List;

/**
 * The served model's tensors, defined once: the ONNX writer and the quantizer name their graph's
 * input and output with these, and export declares the same names and shapes in Triton's {@code
 * config.pbtxt}, in {@code manifest.json}'s signature, in DJL Serving's {@code serving.properties}
 * and in the Azure ML scoring script's request and response.
 *
 * <ul>
 *   <li>input {@value #INPUT}: float {@code [N, D]}, {@code D = FeatureSignature.encodedSize()},
 *       the encoded rows of {@link FeatureSignature#encode};
 *   <li>output {@value #OUTPUT}: float {@code [N, K]}: binary classification the positive class's
 *       probability ({@code K = 1}), multiclass the class probabilities ({@code K} classes),
 *       regression the value ({@code K = 1}).
 * </ul>
 */
public final class ServingTensors {

  /** The input tensor's name. */
  public static final String INPUT = "features";

  /** The output tensor's name. */
  public static final String OUTPUT = "output";

  /** The element type of both, as Triton and the manifest spell it. */
  public static final String DATA_TYPE = "FP32";

  /** A variable dimension (the batch). */
  public static final int BATCH = -1;

  private ServingTensors() {}

  /** {@code [-1, D]}. */
  public static List<Integer> inputDims(FeatureSignature signature) {
    return List.of(BATCH, signature.encodedSize());
  }

  /** {@code [-1, K]}. */
  public static List<Integer> outputDims(FeatureSignature signature) {
    return List.of(BATCH, outputWidth(signature));
  }

  /**
   * The width of the output: the number of classes for multiclass, else 1 (binary: the positive
   * class's probability, as {@link DenseNetwork} defines it; regression: the value).
   */
  public static int outputWidth(FeatureSignature signature) {
    return "multiclass".equals(signature.task()) ? signature.classes().size() : 1;
  }
}
