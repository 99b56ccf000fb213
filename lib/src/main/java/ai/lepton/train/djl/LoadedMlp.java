package ai.lepton.train.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.lepton.model.Activation;
import ai.lepton.model.DenseNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A DJL model on the CPU holding an MLP block with its parameters, for saving and inference. */
final class LoadedMlp implements AutoCloseable {

  private final Model model;
  private final MlpBlock mlp;
  private final int inputs;

  private LoadedMlp(Model model, MlpBlock mlp, int inputs) {
    this.model = model;
    this.mlp = mlp;
    this.inputs = inputs;
  }

  /** The model for {@code network}'s shape and parameters. */
  static LoadedMlp of(DenseNetwork network) {
    DjlRuntime.ensure();
    MlpBlock mlp = MlpBlock.shapedLike(network, true);
    Model model = Model.newInstance(DjlMlpFiles.MODEL_NAME, Device.cpu(), DjlRuntime.ENGINE);
    model.setBlock(mlp.block());
    try (ThreadGradients off = ThreadGradients.off()) {
      mlp.block()
          .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, network.inputs()));
      mlp.setParameters(network);
    }
    return new LoadedMlp(model, mlp, network.inputs());
  }

  /**
   * The model with the block {@code units}/{@code activations} and the parameters in {@code dir}.
   */
  static LoadedMlp load(Path dir, int inputs, List<Integer> units, List<Activation> activations)
      throws IOException, MalformedModelException {
    DjlRuntime.ensure();
    MlpBlock mlp = MlpBlock.of(units, activations, true);
    Model model = Model.newInstance(DjlMlpFiles.MODEL_NAME, Device.cpu(), DjlRuntime.ENGINE);
    try {
      model.setBlock(mlp.block());
      try (ThreadGradients off = ThreadGradients.off()) {
        model.load(dir, DjlMlpFiles.MODEL_NAME);
      }
      return new LoadedMlp(model, mlp, inputs);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The parameters as a network. */
  DenseNetwork network() {
    try (ThreadGradients off = ThreadGradients.off()) {
      return mlp.parameters();
    }
  }

  int inputs() {
    return inputs;
  }

  /** Writes DJL's parameter file into {@code dir}. */
  void save(Path dir) throws IOException {
    model.save(dir, DjlMlpFiles.MODEL_NAME);
  }

  /** The network's outputs for each row. */
  float[][] predict(float[][] rows) {
    if (rows.length == 0) {
      return new float[0][];
    }
    float[] x = new float[rows.length * inputs];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != inputs) {
        // Invariant, not user input: rows are encoded by the model's own FeatureSignature.
        throw new IllegalArgumentException(
            "row " + r + " has " + rows[r].length + " values but the network takes " + inputs);
      }
      System.arraycopy(rows[r], 0, x, r * inputs, inputs);
    }
    try (ThreadGradients off = ThreadGradients.off();
        NDManager manager = model.getNDManager().newSubManager()) {
      NDArray input = manager.create(x, new Shape(rows.length, inputs));
      NDArray output =
          mlp.block()
              .forward(new ParameterStore(manager, false), new NDList(input), false)
              .singletonOrThrow();
      float[] flat = output.toFloatArray();
      int outputs = flat.length / rows.length;
      float[][] out = new float[rows.length][outputs];
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(flat, r * outputs, out[r], 0, outputs);
      }
      return out;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
