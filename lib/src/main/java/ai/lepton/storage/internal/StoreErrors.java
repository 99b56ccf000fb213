package ai.lepton.storage.internal;

import ai.lepton.storage.StorageException;
import ai.lepton.storage.StorageException.Reason;
import ai.lepton.storage.StoreConfig;

/**
 * The failures the S3 and Azure stores explain alike (not found, credentials rejected, access
 * denied, server failing, unreachable); each SDK's errors class decides which one a failure is and
 * adds what only that cloud knows.
 */
public final class StoreErrors {

  private StoreErrors() {}

  /** The {@code what} (object, blob) at {@code uri} does not exist; {@code status} is the reply. */
  public static StorageException notFound(
      StoreConfig c, String operation, String uri, String what, String status, Throwable e) {
    return of(
        Reason.NOT_FOUND,
        c,
        operation,
        uri,
        "the " + what + " does not exist (" + status + ")",
        "Check the location.",
        e);
  }

  /** The server refused the credentials themselves; {@code fix} says how to set valid ones. */
  public static StorageException rejected(
      StoreConfig c, String operation, String uri, String status, String fix, Throwable e) {
    return of(
        Reason.BAD_CREDENTIALS,
        c,
        operation,
        uri,
        "the server rejected the credentials (" + status + ")",
        fix,
        e);
  }

  /**
   * The credentials may not do this; {@code grant} completes "Use credentials that may do this in
   * KEY", e.g. ", or grant them access to the bucket.".
   */
  public static StorageException denied(
      StoreConfig c, String operation, String uri, String status, String grant, Throwable e) {
    return of(
        Reason.ACCESS_DENIED,
        c,
        operation,
        uri,
        "access was denied (" + status + ")",
        "Use credentials that may do this in " + c.key("credentials") + grant,
        e);
  }

  /** The server answered with errors on every attempt. */
  public static StorageException failing(
      StoreConfig c, String operation, String uri, String status, Throwable e) {
    return of(
        Reason.UNAVAILABLE,
        c,
        operation,
        uri,
        "the server kept failing after " + c.retry().maxAttempts() + " attempts (" + status + ")",
        "Try again later, or raise " + c.key("retry.max-attempts") + ".",
        e);
  }

  /** No attempt reached {@code endpoint}. */
  public static StorageException unreachable(
      StoreConfig c, String operation, String uri, String endpoint, Throwable e) {
    String fix = "Check " + c.key("endpoint") + " and the network";
    return of(
        Reason.UNAVAILABLE,
        c,
        operation,
        uri,
        "cannot reach "
            + endpoint
            + " after "
            + c.retry().maxAttempts()
            + " attempts ("
            + Messages.rootCause(e, c.credentials().secrets())
            + ")",
        c.emulator() ? fix + ", or start the emulators: bin/lepton emulators start." : fix + ".",
        e);
  }

  /** Any other failure, described by {@code detail}. */
  public static StorageException failed(
      StoreConfig c, String operation, String uri, String detail, Throwable e) {
    return of(Reason.FAILED, c, operation, uri, detail, "", e);
  }

  private static StorageException of(
      Reason reason,
      StoreConfig c,
      String operation,
      String uri,
      String why,
      String fix,
      Throwable e) {
    return StorageException.create(reason, c.name(), operation, uri, why, fix, e);
  }
}
