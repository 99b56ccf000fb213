package ai.lepton.export;

import ai.lepton.model.FeatureSignature;

/** The {@code config.pbtxt} of a Triton model repository entry for a Lepton ONNX model. */
final class TritonConfig {

  private TritonConfig() {}

  /**
   * Triton's ONNX Runtime backend, no server-side batching ({@code max_batch_size: 0}), so the
   * batch is the first, variable dimension of each tensor: input {@code features [-1, D]}, output
   * {@code probabilities [-1, K]} or {@code output [-1, 1]} (see {@link OnnxNames}).
   */
  static String onnx(String modelName, FeatureSignature signature) {
    return "name: \""
        + modelName
        + "\"\n"
        + "platform: \"onnxruntime_onnx\"\n"
        + "max_batch_size: 0\n"
        + tensors("input", OnnxNames.INPUT, signature.encodedSize())
        + tensors("output", OnnxNames.output(signature), OnnxNames.outputWidth(signature))
        + "instance_group [\n  {\n    kind: KIND_CPU\n  }\n]\n";
  }

  private static String tensors(String section, String name, int width) {
    return section
        + " [\n  {\n    name: \""
        + name
        + "\"\n    data_type: TYPE_FP32\n    dims: [ -1, "
        + width
        + " ]\n  }\n]\n";
  }
}
