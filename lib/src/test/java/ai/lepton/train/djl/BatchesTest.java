package ai.lepton.train.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {

  static Shard shard(int rows) {
    return new Shard(1, 1, new float[rows], new float[rows]);
  }

  static MlpSpec spec(int localSteps, int batchSize, long seed) {
    return new MlpSpec(List.of(), "relu", 10, localSteps, batchSize, 0.1, "sgd", seed, 2, "binary");
  }

  static List<Integer> rounds(Shard shard, MlpSpec spec, int from, int to) {
    List<Integer> seen = new ArrayList<>();
    for (int round = from; round <= to; round++) {
      LocalTraining.Batches batches = new LocalTraining.Batches(shard, spec, round);
      for (int s = 0; s < spec.localSteps(); s++) {
        Arrays.stream(batches.next()).forEach(seen::add);
      }
    }
    return seen;
  }

  @Test
  void everyEpochVisitsEachRowOnceAndRoundsContinueWhereTheLastStopped() {
    Shard shard = shard(30);
    List<Integer> sixRounds = rounds(shard, spec(2, 5, 7), 1, 6);

    assertThat(sixRounds.subList(0, 30))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).boxed().toList());
    assertThat(sixRounds.subList(30, 60))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).boxed().toList());
    assertThat(sixRounds.subList(0, 30)).isNotEqualTo(sixRounds.subList(30, 60));
    assertThat(rounds(shard, spec(2, 5, 7), 4, 6)).isEqualTo(sixRounds.subList(30, 60));
    assertThat(rounds(shard, spec(2, 5, 8), 1, 3)).isNotEqualTo(sixRounds.subList(0, 30));
  }
}
