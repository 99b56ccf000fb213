package ai.lepton.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * One fully connected layer: {@code y = activation(W x + b)}.
 *
 * @param weights {@code [outputs][inputs]}, row {@code o} holds the weights of output {@code o}
 * @param bias {@code [outputs]}
 */
public record DenseLayer(float[][] weights, float[] bias, Activation activation)
    implements Serializable {

  // Invariant, not user input: layers are built by Lepton from a trained engine's weights, and
  // every reader of a model file (DjlMlpFiles, Checkpoint, MllibNetworks) wraps this failure in a
  // ModelException naming the file.
  public DenseLayer {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(activation, "activation");
    if (weights.length != bias.length) {
      throw new IllegalArgumentException(
          "a dense layer has " + weights.length + " weight rows but " + bias.length + " biases");
    }
    if (weights.length == 0) {
      throw new IllegalArgumentException("a dense layer needs at least one output");
    }
    int inputs = weights[0].length;
    for (float[] row : weights) {
      if (row.length != inputs) {
        throw new IllegalArgumentException("the weight rows of a dense layer differ in length");
      }
    }
  }

  public int inputs() {
    return weights[0].length;
  }

  public int outputs() {
    return weights.length;
  }

  /** This layer applied to one input vector. */
  public float[] apply(float[] x) {
    float[] y = new float[outputs()];
    for (int o = 0; o < y.length; o++) {
      float[] w = weights[o];
      double s = bias[o];
      for (int i = 0; i < w.length; i++) {
        s += w[i] * x[i];
      }
      y[o] = (float) s;
    }
    return activate(y);
  }

  private float[] activate(float[] y) {
    switch (activation) {
      case RELU -> {
        for (int i = 0; i < y.length; i++) {
          y[i] = Math.max(0f, y[i]);
        }
      }
      case TANH -> {
        for (int i = 0; i < y.length; i++) {
          y[i] = (float) Math.tanh(y[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < y.length; i++) {
          y[i] = (float) (1.0 / (1.0 + Math.exp(-y[i])));
        }
      }
      case SOFTMAX -> {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : y) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
          y[i] = (float) Math.exp(y[i] - max);
          sum += y[i];
        }
        for (int i = 0; i < y.length; i++) {
          y[i] = (float) (y[i] / sum);
        }
      }
      case IDENTITY -> {}
    }
    return y;
  }
}
