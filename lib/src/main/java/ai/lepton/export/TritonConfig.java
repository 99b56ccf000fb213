package ai.lepton.export;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ServingTensors;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code config.pbtxt} of a Triton model repository entry for a Lepton ONNX model. */
final class TritonConfig {

  private TritonConfig() {}

  /**
   * Triton's ONNX Runtime backend, no server-side batching ({@code max_batch_size: 0}), so the
   * batch is the first, variable dimension of each tensor: input {@code features [-1, D]}, output
   * {@code output [-1, K]} (see {@link ServingTensors}).
   */
  static String onnx(String modelName, FeatureSignature signature) {
    return "name: \""
        + modelName
        + "\"\n"
        + "platform: \"onnxruntime_onnx\"\n"
        + "max_batch_size: 0\n"
        + tensors("input", ServingTensors.INPUT, ServingTensors.inputDims(signature))
        + tensors("output", ServingTensors.OUTPUT, ServingTensors.outputDims(signature))
        + "instance_group [\n  {\n    kind: KIND_CPU\n  }\n]\n";
  }

  private static String tensors(String section, String name, List<Integer> dims) {
    return section
        + " [\n  {\n    name: \""
        + name
        + "\"\n    data_type: TYPE_"
        + ServingTensors.DATA_TYPE
        + "\n    dims: [ "
        + dims.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " ]\n  }\n]\n";
  }
}
