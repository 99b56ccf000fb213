package ai.lepton.export;

import ai.lepton.LeptonException;

/** A model could not be packaged or published for a serving target. */
public class ExportException extends LeptonException {

  public ExportException(String message) {
    super(message);
  }

  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
