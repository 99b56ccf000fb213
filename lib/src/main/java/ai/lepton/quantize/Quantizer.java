package ai.lepton.quantize;

import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.onnx.GraphBuilder;
import ai.lepton.onnx.OnnxVersions;
import ai.lepton.onnx.OnnxWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * int8 post-training quantization of a {@link DenseNetwork} into ONNX graphs. Weights: symmetric
 * int8 per output channel ({@code scale[o] = max|W[o,:]| / 127}, zero point 0). Biases stay fp32.
 * Two forms, same weights:
 *
 * <ul>
 *   <li>{@code qdq}: static activations. Each layer input goes through {@code QuantizeLinear} /
 *       {@code DequantizeLinear} with a calibrated uint8 scale and zero point (asymmetric, the
 *       range widened to hold 0), and the weights through {@code DequantizeLinear(axis=1)}, around
 *       a float {@code MatMul}; ONNX Runtime fuses the pattern into integer kernels.
 *   <li>{@code dynamic}: activations quantized per batch at run time: {@code
 *       DynamicQuantizeLinear}, {@code MatMulInteger}, {@code Cast}, and a {@code Mul} by the
 *       activation scale times the weight scales (ONNX Runtime fuses this into {@code
 *       DynamicQuantizeMatMul}). Needs no calibration.
 * </ul>
 */
public final class Quantizer {

  /** The forms this quantizer writes. */
  public static final List<String> FORMS = List.of("qdq", "dynamic");

  private Quantizer() {}

  /** One layer's weights quantized: int8 {@code [inputs, outputs]} row-major and scales. */
  public record QuantizedWeights(byte[] values, float[] scales, int inputs, int outputs) {}

  /** Symmetric per-output-channel int8 weights of {@code layer}. */
  public static QuantizedWeights weights(DenseLayer layer) {
    int in = layer.inputs();
    int out = layer.outputs();
    float[] scales = new float[out];
    byte[] q = new byte[in * out];
    for (int o = 0; o < out; o++) {
      float[] w = layer.weights()[o];
      float m = 0;
      for (float v : w) {
        m = Math.max(m, Math.abs(v));
      }
      scales[o] = m == 0 ? 1f : m / 127f;
      for (int i = 0; i < in; i++) {
        int v = Math.round(w[i] / scales[o]);
        q[i * out + o] = (byte) Math.max(-127, Math.min(127, v));
      }
    }
    return new QuantizedWeights(q, scales, in, out);
  }

  /** The {@code qdq} form, with the calibrated activation ranges of each layer's input. */
  public static byte[] qdq(
      DenseNetwork network, FeatureSignature signature, Calibration.Ranges ranges, String name) {
    return qdq(network, signature, ranges, name, Set.of());
  }

  /**
   * The {@code qdq} form with the layers of {@code fp32Layers} (0-based indexes) left in fp32: a
   * float {@code MatMul} on the layer's float input, no {@code QuantizeLinear} in front of it.
   */
  public static byte[] qdq(
      DenseNetwork network,
      FeatureSignature signature,
      Calibration.Ranges ranges,
      String name,
      Set<Integer> fp32Layers) {
    return form(
        "qdq",
        network,
        signature,
        name,
        fp32Layers,
        (g, layer, x, l) -> {
          float lo = Math.min(ranges.lo()[l], 0f);
          float hi = Math.max(ranges.hi()[l], 0f);
          float scale = (hi - lo) / 255f;
          if (!(scale > 0)) {
            throw new QuantizeException(
                "The calibrated range of layer "
                    + l
                    + "'s input is empty; calibrate on more rows.");
          }
          int zp = Math.max(0, Math.min(255, Math.round(-lo / scale)));
          String xs = g.floats("xs" + l, new float[] {scale});
          String xz = g.uint8("xz" + l, new byte[] {(byte) zp});
          String xq = g.node("QuantizeLinear", "xq" + l, x, xs, xz);
          String xd = g.node("DequantizeLinear", "xd" + l, xq, xs, xz);
          String[] w = weightInitializers(g, layer, l);
          String wd = g.node("DequantizeLinear", w, new String[] {"Wd" + l}, Map.of("axis", 1));
          return g.node("MatMul", "mm" + l, xd, wd);
        });
  }

  /** The {@code dynamic} form. */
  public static byte[] dynamic(DenseNetwork network, FeatureSignature signature, String name) {
    return dynamic(network, signature, name, Set.of());
  }

  /** The {@code dynamic} form with the layers of {@code fp32Layers} left in fp32. */
  public static byte[] dynamic(
      DenseNetwork network, FeatureSignature signature, String name, Set<Integer> fp32Layers) {
    return form(
        "dynamic",
        network,
        signature,
        name,
        fp32Layers,
        (g, layer, x, l) -> {
          g.node(
              "DynamicQuantizeLinear",
              new String[] {x},
              new String[] {"xq" + l, "xs" + l, "xz" + l},
              Map.of());
          String[] w = weightInitializers(g, layer, l);
          String mi = g.node("MatMulInteger", "mi" + l, "xq" + l, w[0], "xz" + l, w[2]);
          String mf = g.node("Cast", new String[] {mi}, new String[] {"mf" + l}, Map.of("to", 1));
          String sc = g.node("Mul", "sc" + l, "xs" + l, w[1]);
          return g.node("Mul", "mm" + l, mf, sc);
        });
  }

  /** How a quantized form multiplies layer {@code l}'s input {@code x} by its weights. */
  private interface QuantizedProduct {
    /** Adds the nodes of the product to {@code g}; returns its output (before the bias). */
    String write(GraphBuilder g, DenseLayer layer, String x, int l);
  }

  /**
   * A quantized {@code form} of {@code network}: per layer the {@code product} (or the float one
   * for the layers of {@code fp32Layers}), the bias and the activation.
   */
  private static byte[] form(
      String form,
      DenseNetwork network,
      FeatureSignature signature,
      String name,
      Set<Integer> fp32Layers,
      QuantizedProduct product) {
    GraphBuilder g = new GraphBuilder(name, network.inputs(), network.outputs());
    OnnxWriter.describe(g, signature);
    g.metadata("lepton.quantization", form);
    mixedMetadata(g, network, fp32Layers);
    String x = OnnxVersions.INPUT;
    for (int l = 0; l < network.layers().size(); l++) {
      DenseLayer layer = network.layers().get(l);
      boolean last = l == network.layers().size() - 1;
      if (fp32Layers.contains(l)) {
        x = fp32Layer(g, layer, x, l, last);
        continue;
      }
      String mm = product.write(g, layer, x, l);
      String b = g.floats("B" + l, layer.bias(), layer.outputs());
      String z = g.node("Add", addName(layer, l, last), mm, b);
      x = OnnxWriter.activation(g, layer.activation(), z, l, last);
    }
    return g.build();
  }

  /**
   * The int8 weights of layer {@code l} as initializers: {@code {values, per-column scales, zero
   * points}}.
   */
  private static String[] weightInitializers(GraphBuilder g, DenseLayer layer, int l) {
    QuantizedWeights w = weights(layer);
    return new String[] {
      g.int8("Wq" + l, w.values(), w.inputs(), w.outputs()),
      g.floats("Ws" + l, w.scales(), w.outputs()),
      g.int8("Wz" + l, new byte[w.outputs()], w.outputs())
    };
  }

  /**
   * Magnitude pruning: in each layer, the {@code sparsity} share of weights smallest in absolute
   * value set to zero (biases kept).
   */
  public static DenseNetwork prune(DenseNetwork network, double sparsity) {
    if (sparsity <= 0) {
      return network;
    }
    List<DenseLayer> layers = new ArrayList<>();
    for (DenseLayer layer : network.layers()) {
      int n = layer.inputs() * layer.outputs();
      float[] abs = new float[n];
      int k = 0;
      for (float[] row : layer.weights()) {
        for (float v : row) {
          abs[k++] = Math.abs(v);
        }
      }
      Arrays.sort(abs);
      int cut = (int) Math.floor(sparsity * n);
      float threshold = cut == 0 ? -1f : abs[cut - 1];
      float[][] w = new float[layer.outputs()][];
      int zeroed = 0;
      for (int o = 0; o < w.length; o++) {
        w[o] = layer.weights()[o].clone();
        for (int i = 0; i < w[o].length; i++) {
          if (Math.abs(w[o][i]) <= threshold && zeroed < cut) {
            w[o][i] = 0f;
            zeroed++;
          }
        }
      }
      layers.add(new DenseLayer(w, layer.bias(), layer.activation()));
    }
    return new DenseNetwork(layers);
  }

  /** The name mixed precision gives layer {@code l} (0-based): {@code layer<l>}. */
  public static String layerName(int l) {
    return "layer" + l;
  }

  /** The names of {@code layers}, in order. */
  public static List<String> layerNames(java.util.Collection<Integer> layers) {
    return layers.stream().sorted().map(Quantizer::layerName).toList();
  }

  private static void mixedMetadata(GraphBuilder g, DenseNetwork network, Set<Integer> fp32) {
    for (int l : fp32) {
      if (l < 0 || l >= network.layers().size()) {
        // Invariant, not user input: MixedPrecision picks these layers from this network.
        throw new IllegalArgumentException(
            "layer " + l + " does not exist: the network has " + network.layers().size());
      }
    }
    if (!fp32.isEmpty()) {
      g.metadata("lepton.fp32-layers", String.join(",", layerNames(fp32)));
    }
  }

  /** A layer kept in fp32 inside a quantized graph, written as {@link OnnxWriter} writes it. */
  private static String fp32Layer(GraphBuilder g, DenseLayer layer, String x, int l, boolean last) {
    String w =
        g.floats("W" + l, OnnxWriter.transposed(layer.weights()), layer.inputs(), layer.outputs());
    String mm = g.node("MatMul", "mm" + l, x, w);
    String b = g.floats("B" + l, layer.bias(), layer.outputs());
    String z = g.node("Add", addName(layer, l, last), mm, b);
    return OnnxWriter.activation(g, layer.activation(), z, l, last);
  }

  private static String addName(DenseLayer layer, int l, boolean last) {
    return last && layer.activation() == ai.lepton.model.Activation.IDENTITY
        ? OnnxVersions.OUTPUT
        : "z" + l;
  }
}
