package ai.lepton.pipeline;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import ai.lepton.spark.Progress;
import java.util.function.Supplier;

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

  /** Runs one step, saying so; a failure becomes a {@code PipelineStepException} naming it. */
  static <T> T run(Progress progress, String name, Supplier<T> work) {
    progress.say("step " + name);
    try {
      return work.get();
    } catch (PipelineStepException e) {
      throw e;
    } catch (RuntimeException e) {
      progress.say("step " + name + " failed: " + Failures.describe(e));
      throw new PipelineStepException(name, e);
    }
  }
}
