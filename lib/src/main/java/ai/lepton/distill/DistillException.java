package ai.lepton.distill;

import ai.lepton.LeptonException;

/** A teacher or data that cannot be distilled as configured: bad input, not a failed gate. */
public class DistillException extends LeptonException {

  public DistillException(String message) {
    super(message);
  }

  public DistillException(String message, Throwable cause) {
    super(message, cause);
  }
}
