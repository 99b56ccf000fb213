package ai.lepton.storage;

import ai.lepton.LeptonException;
import ai.lepton.config.Redactor;

/**
 * A storage operation failed. The message says what was being done, on which location and store,
 * why it failed and what to change; it never contains a secret. {@link #reason()} lets callers tell
 * the common cases apart.
 */
public class StorageException extends LeptonException {

  /** Why an operation failed. */
  public enum Reason {
    /** The object does not exist. */
    NOT_FOUND,
    /** The bucket or container does not exist. */
    NO_BUCKET,
    /** The server did not accept the credentials (unknown key, bad signature, expired token). */
    BAD_CREDENTIALS,
    /** The credentials were accepted but are not allowed to do this. */
    ACCESS_DENIED,
    /** What is stored does not have the expected checksum. */
    CHECKSUM_MISMATCH,
    /** The endpoint could not be reached or kept failing after the configured retries. */
    UNAVAILABLE,
    /** The request itself is not valid for this store (e.g. a bad location). */
    INVALID,
    /** Anything else. */
    FAILED
  }

  private final Reason reason;
  private final String store;
  private final String operation;
  private final String uri;

  /** Creates an exception; the message must already be complete and free of secrets. */
  public StorageException(
      Reason reason, String store, String operation, String uri, String message, Throwable cause) {
    super(Redactor.redactMessage(message), cause);
    this.reason = reason;
    this.store = store;
    this.operation = operation;
    this.uri = uri;
  }

  /**
   * Builds the message "Cannot OPERATION URI (store 'NAME'): WHY. FIX" and the exception.
   *
   * @param why what went wrong, without a final period
   * @param fix what to change, a full sentence, or empty
   */
  public static StorageException create(
      Reason reason,
      String store,
      String operation,
      String uri,
      String why,
      String fix,
      Throwable cause) {
    StringBuilder m = new StringBuilder("Cannot ").append(operation).append(' ').append(uri);
    if (store != null) {
      m.append(" (store '").append(store).append("')");
    }
    m.append(": ").append(stripPeriod(why)).append('.');
    if (fix != null && !fix.isBlank()) {
      m.append(' ').append(fix.strip());
    }
    return new StorageException(reason, store, operation, uri, m.toString(), cause);
  }

  /** A failure without a more specific reason. */
  public static StorageException of(
      ObjectStore store, String operation, String uri, String why, Throwable cause) {
    return create(Reason.FAILED, store.name(), operation, uri, String.valueOf(why), "", cause);
  }

  /** The object's content does not have the SHA-256 the caller expected. */
  public static StorageException checksumMismatch(
      ObjectStore store, String uri, String expected, String actual) {
    return create(
        Reason.CHECKSUM_MISMATCH,
        store.name(),
        "verify",
        uri,
        "its SHA-256 is "
            + actual
            + " but "
            + expected
            + " was expected: the object was changed"
            + " or corrupted after it was written",
        "Write it again from its source.",
        null);
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }

  /** The name of the store the operation ran on. */
  public String store() {
    return store;
  }

  /** What was being done: list, read, write, copy, delete, verify, ... */
  public String operation() {
    return operation;
  }

  /** The location the operation was on. */
  public String uri() {
    return uri;
  }

  private static String stripPeriod(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
