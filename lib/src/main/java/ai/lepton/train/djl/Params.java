package ai.lepton.train.djl;

import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A network's parameters as plain arrays, for what Spark serializes (broadcasts, task results):
 * Spark's Kryo serializer cannot rebuild Java records such as {@link DenseNetwork}, and clusters
 * often set {@code spark.serializer} to Kryo.
 */
final class Params implements Serializable {

  private static final long serialVersionUID = 1L;

  private final float[][][] weights;
  private final float[][] biases;
  private final Activation[] activations;

  private Params(float[][][] weights, float[][] biases, Activation[] activations) {
    this.weights = weights;
    this.biases = biases;
    this.activations = activations;
  }

  static Params of(DenseNetwork network) {
    int n = network.layers().size();
    float[][][] w = new float[n][][];
    float[][] b = new float[n][];
    Activation[] a = new Activation[n];
    for (int l = 0; l < n; l++) {
      DenseLayer layer = network.layers().get(l);
      w[l] = layer.weights();
      b[l] = layer.bias();
      a[l] = layer.activation();
    }
    return new Params(w, b, a);
  }

  DenseNetwork network() {
    List<DenseLayer> layers = new ArrayList<>();
    for (int l = 0; l < weights.length; l++) {
      layers.add(new DenseLayer(weights[l], biases[l], activations[l]));
    }
    return new DenseNetwork(layers);
  }
}
