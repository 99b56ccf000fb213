package ai.lepton.train.djl;

import ai.lepton.LeptonException;

/** Data-parallel DJL training could not run or complete (the engine, Spark or the cluster). */
public class MlpTrainingException extends LeptonException {

  /** Creates an error with a message that says what failed and how to fix it. */
  public MlpTrainingException(String message) {
    super(message);
  }

  /** Creates an error wrapping the engine's or Spark's failure. */
  public MlpTrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
