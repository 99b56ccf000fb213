package ai.lepton.train.djl;

import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The parameters the driver sets: the seeded network a run starts from, and after each round the
 * average of the workers' networks.
 */
final class NetworkParameters {

  private NetworkParameters() {}

  /** The parameters of {@code updates} averaged, weighted by each worker's shard size. */
  static DenseNetwork average(List<LocalTraining.Update> updates, DenseNetwork previous) {
    long rows = updates.stream().mapToLong(LocalTraining.Update::rows).sum();
    if (rows == 0) {
      return previous;
    }
    List<DenseLayer> layers = new ArrayList<>();
    for (int l = 0; l < previous.layers().size(); l++) {
      DenseLayer shape = previous.layers().get(l);
      double[][] w = new double[shape.outputs()][shape.inputs()];
      double[] b = new double[shape.outputs()];
      for (LocalTraining.Update u : updates) {
        if (u.rows() == 0) {
          continue;
        }
        double weight = u.rows() / (double) rows;
        DenseLayer layer = u.network().layers().get(l);
        for (int o = 0; o < w.length; o++) {
          for (int i = 0; i < w[o].length; i++) {
            w[o][i] += weight * layer.weights()[o][i];
          }
          b[o] += weight * layer.bias()[o];
        }
      }
      layers.add(new DenseLayer(toFloat(w), toFloat(b), shape.activation()));
    }
    return new DenseNetwork(layers);
  }

  /** Glorot-uniform weights and zero biases from {@code spec.seed()}, with the task's output. */
  static DenseNetwork initialNetwork(MlpSpec spec, int inputs, int outputs) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    Activation hidden = Activation.valueOf(spec.activation().toUpperCase(Locale.ROOT));
    List<DenseLayer> layers = new ArrayList<>();
    int in = inputs;
    List<Integer> units = new ArrayList<>(spec.hidden());
    units.add(outputs);
    for (int l = 0; l < units.size(); l++) {
      int out = units.get(l);
      double limit = Math.sqrt(6.0 / (in + out));
      float[][] w = new float[out][in];
      for (float[] row : w) {
        for (int i = 0; i < in; i++) {
          row[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
      }
      boolean last = l == units.size() - 1;
      layers.add(new DenseLayer(w, new float[out], last ? outputActivation(spec.task()) : hidden));
      in = out;
    }
    return new DenseNetwork(layers);
  }

  static Activation outputActivation(String task) {
    return switch (task) {
      case "binary" -> Activation.SIGMOID;
      case "multiclass" -> Activation.SOFTMAX;
      default -> Activation.IDENTITY;
    };
  }

  private static float[][] toFloat(double[][] values) {
    float[][] out = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = toFloat(values[i]);
    }
    return out;
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
