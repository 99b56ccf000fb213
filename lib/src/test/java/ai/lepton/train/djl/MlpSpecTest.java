package ai.lepton.train.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlpSpecTest {

  static MlpSpec spec(int rounds, double learningRate) {
    return new MlpSpec(List.of(8, 4), "ReLU", rounds, 5, 32, learningRate, "Adam", 3, 2, "binary");
  }

  @Test
  void namesAreNormalizedAndInvalidValuesNameTheirKey() {
    assertThat(spec(1, 0.1).activation()).isEqualTo("relu");
    assertThat(spec(1, 0.1).optimizer()).isEqualTo("adam");
    assertThatThrownBy(() -> new MlpSpec(List.of(8), "gelu", 1, 1, 1, 0.1, "sgd", 1, 1, "binary"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.train.djl.activation = gelu")
        .hasMessageContaining("relu, tanh");
    assertThatThrownBy(() -> new MlpSpec(List.of(8), "relu", 1, 1, 1, 0.1, "sgd", 1, 0, "binary"))
        .hasMessageContaining("lepton.train.djl.workers = 0");
    assertThatThrownBy(() -> spec(1, 0))
        .hasMessageContaining("lepton.train.djl.learning-rate = 0.0");
    assertThatThrownBy(() -> new MlpSpec(List.of(8), "relu", 1, 1, 1, 0.1, "sgd", 1, 1, "ranking"))
        .hasMessageContaining("the training task = ranking");
  }

  @Test
  void theHashIgnoresRoundsButNotTheRest() {
    assertThat(spec(3, 0.1).hash(10, 1)).isEqualTo(spec(9, 0.1).hash(10, 1));
    assertThat(spec(3, 0.1).hash(10, 1)).isNotEqualTo(spec(3, 0.2).hash(10, 1));
    assertThat(spec(3, 0.1).hash(10, 1)).isNotEqualTo(spec(3, 0.1).hash(11, 1));
    assertThat(MlpSpec.differences(spec(3, 0.1).identity(10, 1), spec(3, 0.2).identity(10, 2)))
        .containsExactly("learningRate was 0.1, now 0.2", "outputs was 1, now 2");
  }
}
