package ai.lepton.onnx;

import ai.lepton.model.ServingTensors;

/**
 * The ONNX versions Lepton writes, pinned: IR version 8 (ONNX 1.10+) and operator set 17 of the
 * default domain (ONNX 1.12+), both read by ONNX Runtime 1.21. Graphs take one input, {@link
 * #INPUT}, and give one output, {@link #OUTPUT}: the names of {@link ServingTensors}.
 */
public final class OnnxVersions {

  /** The ONNX IR version of every file Lepton writes. */
  public static final long IR_VERSION = 8;

  /** The operator set of the default ONNX domain ({@code ""}). */
  public static final long OPSET = 17;

  /** The graph input: the encoded feature vectors, float {@code [N, D]}. */
  public static final String INPUT = ServingTensors.INPUT;

  /**
   * The graph output, float {@code [N, K]}: class probabilities (binary: one column, the positive
   * class), or the predicted value (regression).
   */
  public static final String OUTPUT = ServingTensors.OUTPUT;

  /** The producer name written into every model. */
  public static final String PRODUCER = "lepton";

  private OnnxVersions() {}
}
