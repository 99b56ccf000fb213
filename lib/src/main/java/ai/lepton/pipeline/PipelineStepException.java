package ai.lepton.pipeline;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;

/** A pipeline step that failed at run time; the cause is the step's own exception. */
public class PipelineStepException extends LeptonException {

  private final String step;

  public PipelineStepException(String step, RuntimeException cause) {
    super("Pipeline step '" + step + "' failed: " + Failures.describe(cause), cause);
    this.step = step;
  }

  /** The step that failed: reconcile, train, quantize or export. */
  public String step() {
    return step;
  }
}
