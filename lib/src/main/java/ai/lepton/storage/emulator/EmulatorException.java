package ai.lepton.storage.emulator;

import ai.lepton.LeptonException;

/** An emulator could not be installed, started, found or stopped; the message says what to do. */
public class EmulatorException extends LeptonException {

  /** Creates an exception with a complete message. */
  public EmulatorException(String message) {
    super(message);
  }

  /** Creates an exception with a complete message and its cause. */
  public EmulatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
