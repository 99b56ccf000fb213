package ai.lepton.model;

import ai.lepton.LeptonException;

/** A model directory that cannot be read, trusted or written. */
public class ModelException extends LeptonException {

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
