package ai.lepton.train.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlMlpFilesIT {

  @TempDir Path dir;

  @Test
  void filesRoundTripGivesIdenticalParametersAndOutputs() {
    DenseNetwork network = network("multiclass", 7, List.of(9, 5), 4, 11);
    List<Path> files = DjlMlpFiles.write(network, dir.resolve("model"));

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("block.json", "mlp-0000.params");
    assertThat(files).allMatch(Files::isRegularFile);
    DenseNetwork read = DjlMlpFiles.read(dir.resolve("model"));

    assertThat(read.layers()).hasSize(3);
    for (int l = 0; l < 3; l++) {
      assertThat(read.layers().get(l).weights()).isDeepEqualTo(network.layers().get(l).weights());
      assertThat(read.layers().get(l).bias()).containsExactly(network.layers().get(l).bias());
      assertThat(read.layers().get(l).activation()).isEqualTo(network.layers().get(l).activation());
    }
    float[][] rows = rows(50, 7, 3);
    try (DjlMlpPredictor a = DjlMlpPredictor.of(network);
        DjlMlpPredictor b = DjlMlpPredictor.open(dir.resolve("model"))) {
      assertThat(b.predict(rows)).isDeepEqualTo(a.predict(rows));
    }
  }

  @Test
  void predictorMatchesPlainJavaNetworkForEveryTask() {
    for (String task : List.of("binary", "multiclass", "regression")) {
      int outputs = task.equals("multiclass") ? 3 : 1;
      for (String activation : List.of("relu", "tanh")) {
        DenseNetwork network = network(task, 6, List.of(8), outputs, 5, activation);
        float[][] rows = rows(200, 6, 9);
        try (DjlMlpPredictor predictor = DjlMlpPredictor.of(network)) {
          float[][] djl = predictor.predict(rows);
          for (int r = 0; r < rows.length; r++) {
            float[] expected = network.apply(rows[r]);
            assertThat(djl[r]).hasSize(outputs);
            for (int o = 0; o < outputs; o++) {
              assertThat(djl[r][o])
                  .as("%s %s row %d output %d", task, activation, r, o)
                  .isCloseTo(expected[o], org.assertj.core.data.Offset.offset(1e-5f));
            }
          }
        }
      }
    }
  }

  @Test
  void aTaskGpuTheEngineCannotSeeFallsBackToTheCpu() {
    var engine = DjlRuntime.ensure();
    var gpu = new org.apache.spark.resource.ResourceInformation("gpu", new String[] {"0"});

    assertThat(engine.getGpuCount()).isZero();
    assertThat(RoundTask.device(java.util.Map.of("gpu", gpu), engine))
        .isEqualTo(ai.djl.Device.cpu());
    assertThat(RoundTask.device(java.util.Map.of(), engine)).isEqualTo(ai.djl.Device.cpu());
  }

  @Test
  void readingAFolderWithoutTheFilesSaysWhatIsMissing() {
    assertThatThrownBy(() -> DjlMlpFiles.read(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("block.json")
        .hasMessageContaining("mlp-0000.params");
  }

  static DenseNetwork network(
      String task, int inputs, List<Integer> hidden, int outputs, long seed) {
    return network(task, inputs, hidden, outputs, seed, "relu");
  }

  static DenseNetwork network(
      String task, int inputs, List<Integer> hidden, int outputs, long seed, String activation) {
    MlpSpec spec = new MlpSpec(hidden, activation, 1, 1, 8, 0.1, "sgd", seed, 1, task);
    DenseNetwork initial = NetworkParameters.initialNetwork(spec, inputs, outputs);
    SplittableRandom random = new SplittableRandom(seed + 1);
    List<ai.lepton.model.DenseLayer> layers = new java.util.ArrayList<>();
    for (ai.lepton.model.DenseLayer layer : initial.layers()) {
      float[] bias = new float[layer.outputs()];
      for (int o = 0; o < bias.length; o++) {
        bias[o] = (float) random.nextGaussian() * 0.3f;
      }
      layers.add(new ai.lepton.model.DenseLayer(layer.weights(), bias, layer.activation()));
    }
    return new DenseNetwork(layers);
  }

  static float[][] rows(int n, int inputs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] rows = new float[n][inputs];
    for (float[] row : rows) {
      for (int i = 0; i < inputs; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return rows;
  }
}
