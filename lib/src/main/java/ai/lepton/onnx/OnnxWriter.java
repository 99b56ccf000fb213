package ai.lepton.onnx;

import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelException;
import java.util.Map;

/**
 * Writes a {@link DenseNetwork} as an fp32 ONNX model. The graph takes {@code features}, float
 * {@code [N, D]} with {@code D = FeatureSignature.encodedSize()}: the <em>encoded</em> vector of
 * {@link FeatureSignature#encode} (standardized numerics, then one-hot categoricals), which the
 * caller computes; the graph holds no preprocessing. Each layer is {@code MatMul} (weights stored
 * transposed, {@code [inputs, outputs]}) then {@code Add} (bias), then {@code Relu}, {@code Tanh},
 * {@code Sigmoid} or {@code Softmax(axis=-1)}; the last layer's result is {@code output}.
 */
public final class OnnxWriter {

  private OnnxWriter() {}

  /** The network as ONNX bytes; {@code name} becomes the graph name. */
  public static byte[] write(DenseNetwork network, FeatureSignature signature, String name) {
    checkInputs(network, signature);
    GraphBuilder g = new GraphBuilder(name, network.inputs(), network.outputs());
    describe(g, signature);
    String x = OnnxVersions.INPUT;
    for (int l = 0; l < network.layers().size(); l++) {
      DenseLayer layer = network.layers().get(l);
      boolean last = l == network.layers().size() - 1;
      String w = g.floats("W" + l, transposed(layer.weights()), layer.inputs(), layer.outputs());
      String b = g.floats("B" + l, layer.bias(), layer.outputs());
      String mm = g.node("MatMul", "mm" + l, x, w);
      x = activation(g, layer.activation(), g.node("Add", addName(layer, l, last), mm, b), l, last);
    }
    return g.build();
  }

  /** The weights of a layer as a row-major {@code [inputs, outputs]} array. */
  public static float[] transposed(float[][] weights) {
    int outputs = weights.length;
    int inputs = weights[0].length;
    float[] t = new float[inputs * outputs];
    for (int o = 0; o < outputs; o++) {
      for (int i = 0; i < inputs; i++) {
        t[i * outputs + o] = weights[o][i];
      }
    }
    return t;
  }

  /** The name of a layer's {@code Add} result: the graph output when nothing follows it. */
  static String addName(DenseLayer layer, int l, boolean last) {
    return last && layer.activation() == Activation.IDENTITY ? OnnxVersions.OUTPUT : "z" + l;
  }

  /** Appends a layer's activation to {@code z} and returns the layer's result. */
  public static String activation(GraphBuilder g, Activation a, String z, int l, boolean last) {
    String out = last ? OnnxVersions.OUTPUT : "a" + l;
    return switch (a) {
      case IDENTITY -> z;
      case RELU -> g.node("Relu", out, z);
      case TANH -> g.node("Tanh", out, z);
      case SIGMOID -> g.node("Sigmoid", out, z);
      case SOFTMAX -> g.node("Softmax", new String[] {z}, new String[] {out}, Map.of("axis", -1));
    };
  }

  /** Records what the caller must feed, as model metadata. */
  public static void describe(GraphBuilder g, FeatureSignature signature) {
    if (signature == null) {
      return;
    }
    g.metadata("lepton.input", "encoded features (FeatureSignature.encode): numeric, then one-hot");
    g.metadata("lepton.input-columns", String.join(",", signature.inputColumns()));
    g.metadata("lepton.task", String.valueOf(signature.task()));
  }

  static void checkInputs(DenseNetwork network, FeatureSignature signature) {
    if (signature != null && signature.encodedSize() != network.inputs()) {
      throw new ModelException(
          "Cannot write the ONNX model: the network takes "
              + network.inputs()
              + " inputs but the model's feature signature encodes "
              + signature.encodedSize()
              + ", so the model directory is inconsistent. Train the model again.");
    }
  }
}
