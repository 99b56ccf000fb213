package ai.lepton.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import org.junit.jupiter.api.Test;

/** Which steps {@code lepton.pipeline.distill} puts in a pipeline run. */
class PipelineStepsTest {

  private static LeptonConfig distill(String mode) {
    return LeptonConfig.parse("lepton.pipeline.distill = \"" + mode + "\"");
  }

  @Test
  void offLeavesDistillOutAndIsTheDefault() {
    assertThat(PipelineAction.steps(LeptonConfig.parse(""), null))
        .containsExactly("reconcile", "monitor", "train", "quantize", "export");
    assertThat(PipelineAction.steps(distill("off"), "quantize"))
        .containsExactly("reconcile", "monitor", "train", "quantize");
  }

  @Test
  void beforeQuantizeRunsDistillBetweenTrainAndQuantize() {
    assertThat(PipelineAction.steps(distill("before-quantize"), null))
        .containsExactly("reconcile", "monitor", "train", "distill", "quantize", "export");
    assertThat(PipelineAction.steps(distill("before-quantize"), "distill"))
        .containsExactly("reconcile", "monitor", "train", "distill");
  }

  @Test
  void insteadOfQuantizeExportsTheStudentWithoutAQuantizeStep() {
    assertThat(PipelineAction.steps(distill("instead-of-quantize"), null))
        .containsExactly("reconcile", "monitor", "train", "distill", "export");
  }

  @Test
  void untilAStepTheModeLeavesOutIsRefused() {
    assertThatThrownBy(() -> PipelineAction.steps(distill("off"), "distill"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--until distill names a step this pipeline does not run: lepton.pipeline.distill ="
                + " off runs [reconcile, monitor, train, quantize, export]. Pick one of those"
                + " steps or change lepton.pipeline.distill.");
  }

  @Test
  void anUnknownModeIsRefusedNamingTheKeyAndTheValues() {
    assertThatThrownBy(() -> PipelineAction.steps(distill("sometimes"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "lepton.pipeline.distill must be one of [off, before-quantize, instead-of-quantize],"
                + " got 'sometimes'.");
  }
}
