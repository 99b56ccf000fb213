package ai.lepton.reconcile;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;

/**
 * Run-time errors of reconcile and sync, built in one place (as Delta Kernel's {@code
 * DeltaErrors}): what could not be done, why (the first line of the engine's failure), and the fix,
 * naming the key. Each wraps an engine failure once: a Lepton error inside passes through.
 */
final class ReconcileErrors {

  private ReconcileErrors() {}

  /** Rows could not be appended to one of the output tables. */
  static LeptonException appendFailed(String what, String uri, Throwable cause) {
    return Failures.wrap(
        cause,
        "append " + what + " to the Delta table " + uri,
        "Check that the location is writable and holds a Delta table of the same shape, or point"
            + " lepton.reconcile.output."
            + what
            + " elsewhere.",
        LeptonException::new);
  }

  /** The golden table could not be copied to a mirror location. */
  static LeptonException mirrorFailed(String fromUri, String toUri, Throwable cause) {
    return Failures.wrap(
        cause,
        "mirror the Delta table " + fromUri + " to " + toUri,
        "Check that the target is writable; re-running completes a partial copy.",
        LeptonException::new);
  }

  /** The golden rows could not be written back to a source location. */
  static LeptonException writeBackFailed(String source, String uri, Throwable cause) {
    return Failures.wrap(
        cause,
        "write the golden rows back to source '" + source + "' (" + uri + ")",
        "The location may hold both old and new files until you re-run the sync, which"
            + " completes it.",
        LeptonException::new);
  }
}
