package ai.lepton;

/**
 * The one unchecked root of every error Lepton raises. Messages say what could not be done, why,
 * and how to fix it, naming the config key or file involved.
 */
public class LeptonException extends RuntimeException {

  /** Creates an exception with a complete, user-facing message. */
  public LeptonException(String message) {
    super(message);
  }

  /** Creates an exception that wraps a lower-level failure with Lepton's context. */
  public LeptonException(String message, Throwable cause) {
    super(message, cause);
  }
}
