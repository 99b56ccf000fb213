package ai.lepton.quantize;

import ai.lepton.LeptonException;

/** A model that cannot be quantized as configured: bad input, not a failed gate. */
public class QuantizeException extends LeptonException {

  public QuantizeException(String message) {
    super(message);
  }

  public QuantizeException(String message, Throwable cause) {
    super(message, cause);
  }
}
