package ai.lepton.track;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.LeptonException;
import org.junit.jupiter.api.Test;

class RunFailureTest {

  @Test
  void aTaggedFailureKeepsItsMessageAndTypeAndNamesItsRun() {
    IllegalStateException e = new IllegalStateException("Spark lost its executors");

    RunFailure.tag(e, "20261206-120000-abcdef");

    assertThat(e).hasMessage("Spark lost its executors");
    assertThat(RunFailure.runId(e)).isEqualTo("20261206-120000-abcdef");
  }

  @Test
  void theRunIdIsFoundThroughWrappersAndTheFirstTagWins() {
    IllegalStateException step = new IllegalStateException("train failed");
    RunFailure.tag(step, "train-run");
    LeptonException pipeline = new LeptonException("pipeline step train failed", step);
    RunFailure.tag(pipeline, "pipeline-run");

    assertThat(RunFailure.runId(pipeline)).isEqualTo("train-run");
    assertThat(RunFailure.runId(new RuntimeException("untagged"))).isNull();
  }
}
