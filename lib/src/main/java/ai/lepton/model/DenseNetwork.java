package ai.lepton.model;

import java.io.Serializable;
import java.util.List;

/**
 * A feed-forward network of dense layers over the encoded feature vector (see {@link
 * FeatureSignature}): the one description of an MLP or a linear model that training, ONNX export
 * and quantization share.
 *
 * <p>Output conventions: binary classification ends in one output with {@link Activation#SIGMOID}
 * (the probability of the positive class); multiclass in one output per class with {@link
 * Activation#SOFTMAX}; regression in one output with {@link Activation#IDENTITY}.
 */
public record DenseNetwork(List<DenseLayer> layers) implements Serializable {

  // Invariant, not user input: see DenseLayer's constructor.
  public DenseNetwork {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one layer");
    }
    for (int i = 1; i < layers.size(); i++) {
      if (layers.get(i).inputs() != layers.get(i - 1).outputs()) {
        throw new IllegalArgumentException(
            "layer "
                + i
                + " takes "
                + layers.get(i).inputs()
                + " inputs but layer "
                + (i - 1)
                + " gives "
                + layers.get(i - 1).outputs());
      }
    }
  }

  public int inputs() {
    return layers.get(0).inputs();
  }

  public int outputs() {
    return layers.get(layers.size() - 1).outputs();
  }

  /** The network's output for one encoded feature vector, computed in plain Java (reference). */
  public float[] apply(float[] x) {
    float[] y = x;
    for (DenseLayer layer : layers) {
      y = layer.apply(y);
    }
    return y;
  }
}
