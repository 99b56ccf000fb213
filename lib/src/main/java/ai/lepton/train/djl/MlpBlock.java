package ai.lepton.train.djl;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL block for a {@link DenseNetwork}'s shape: one {@link Linear} per layer, each followed by
 * the layer's activation, and the parameters copied in and out in the network's layout (DJL's
 * {@code Linear} weight is {@code [outputs, inputs]}, like {@link DenseLayer#weights()}).
 */
final class MlpBlock {

  private final SequentialBlock block;
  private final List<Linear> linears;
  private final List<Activation> activations;

  private MlpBlock(SequentialBlock block, List<Linear> linears, List<Activation> activations) {
    this.block = block;
    this.linears = linears;
    this.activations = activations;
  }

  /**
   * The block for units and activations per layer. With {@code withOutputActivation} false the last
   * layer's activation is left out: the block then gives logits, which the losses expect.
   */
  static MlpBlock of(
      List<Integer> units, List<Activation> activations, boolean withOutputActivation) {
    SequentialBlock block = new SequentialBlock();
    List<Linear> linears = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      Linear linear = Linear.builder().setUnits(units.get(i)).build();
      linears.add(linear);
      block.add(linear);
      boolean last = i == units.size() - 1;
      if (!last || withOutputActivation) {
        addActivation(block, activations.get(i));
      }
    }
    return new MlpBlock(block, linears, List.copyOf(activations));
  }

  /** The block for {@code network}'s shape. */
  static MlpBlock shapedLike(DenseNetwork network, boolean withOutputActivation) {
    List<Integer> units = new ArrayList<>();
    List<Activation> activations = new ArrayList<>();
    for (DenseLayer layer : network.layers()) {
      units.add(layer.outputs());
      activations.add(layer.activation());
    }
    return of(units, activations, withOutputActivation);
  }

  Block block() {
    return block;
  }

  /** Copies the network's weights and biases into the block's (initialized) parameters. */
  void setParameters(DenseNetwork network) {
    for (int i = 0; i < linears.size(); i++) {
      DenseLayer layer = network.layers().get(i);
      Linear linear = linears.get(i);
      linear.getParameters().get("weight").getArray().set(flatten(layer.weights()));
      linear.getParameters().get("bias").getArray().set(layer.bias());
    }
  }

  /** The block's parameters as a network with this block's activations. */
  DenseNetwork parameters() {
    List<DenseLayer> layers = new ArrayList<>();
    for (int i = 0; i < linears.size(); i++) {
      Linear linear = linears.get(i);
      float[] w = linear.getParameters().get("weight").getArray().toFloatArray();
      float[] b = linear.getParameters().get("bias").getArray().toFloatArray();
      int outputs = b.length;
      int inputs = w.length / outputs;
      float[][] rows = new float[outputs][];
      for (int o = 0; o < outputs; o++) {
        rows[o] = new float[inputs];
        System.arraycopy(w, o * inputs, rows[o], 0, inputs);
      }
      layers.add(new DenseLayer(rows, b, activations.get(i)));
    }
    return new DenseNetwork(layers);
  }

  private static void addActivation(SequentialBlock block, Activation activation) {
    switch (activation) {
      case RELU -> block.add(ai.djl.nn.Activation::relu);
      case TANH -> block.add(ai.djl.nn.Activation::tanh);
      case SIGMOID -> block.add(ai.djl.nn.Activation::sigmoid);
      case SOFTMAX -> block.add(list -> new NDList(list.singletonOrThrow().softmax(-1)));
      case IDENTITY -> {}
    }
  }

  static float[] flatten(float[][] rows) {
    int cols = rows[0].length;
    float[] flat = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return flat;
  }
}
