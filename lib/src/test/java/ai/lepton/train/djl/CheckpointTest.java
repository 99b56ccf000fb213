package ai.lepton.train.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  @TempDir Path dir;

  @Test
  void aCheckpointReadsBackAsWrittenAndReplacesThePreviousOne() throws IOException {
    MlpSpec spec = MlpSpecTest.spec(4, 0.1);
    DenseNetwork network = NetworkParameters.initialNetwork(spec, 5, 1);
    List<RoundStats> stats =
        List.of(new RoundStats(1, 100, 0.5, 20), new RoundStats(2, 100, 0.25, 30));
    new Checkpoint(1, spec.hash(5, 1), spec.identity(5, 1), stats.subList(0, 1), network)
        .write(dir);
    new Checkpoint(2, spec.hash(5, 1), spec.identity(5, 1), stats, network).write(dir);

    Checkpoint read = Checkpoint.read(dir);

    assertThat(read.round()).isEqualTo(2);
    assertThat(read.rounds()).isEqualTo(stats);
    assertThat(read.network().layers().get(1).weights())
        .isDeepEqualTo(network.layers().get(1).weights());
    assertThat(read.network().layers().get(2).activation())
        .isEqualTo(ai.lepton.model.Activation.SIGMOID);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(Checkpoint.FILE);
    }
    read.requireSameSpec(MlpSpecTest.spec(8, 0.1), 5, 1, dir.toString());
    assertThatThrownBy(() -> read.requireSameSpec(MlpSpecTest.spec(4, 0.3), 5, 1, dir.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("learningRate was 0.1, now 0.3");
  }

  @Test
  void noCheckpointIsNullAndAForeignFileIsRefused() throws IOException {
    assertThat(Checkpoint.read(dir)).isNull();
    Files.writeString(dir.resolve(Checkpoint.FILE), "hello");
    assertThatThrownBy(() -> Checkpoint.read(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("not a Lepton DJL checkpoint");
  }
}
