package ai.lepton.train;

import ai.lepton.LeptonException;

/** Training could not run or finish: no GPU where one was asked for, a trainer that failed. */
public class TrainException extends LeptonException {

  /** Creates a training error with a message that says what, why and how to fix it. */
  public TrainException(String message) {
    super(message);
  }

  /** Creates a training error wrapping the engine's failure. */
  public TrainException(String message, Throwable cause) {
    super(message, cause);
  }
}
