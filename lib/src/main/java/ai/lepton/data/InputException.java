package ai.lepton.data;

import ai.lepton.LeptonException;

/**
 * Input that cannot be used as a whole (a source that cannot be read, schemas that cannot be
 * aligned). Found before anything is written.
 */
public class InputException extends LeptonException {

  /** Creates an input error with a message that names the source and the fix. */
  public InputException(String message) {
    super(message);
  }

  /** Creates an input error wrapping the engine's failure. */
  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
