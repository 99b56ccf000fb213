package ai.lepton.quantize;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;

/**
 * Errors of quantizing a model, built in one place (as Delta Kernel's {@code DeltaErrors}): what
 * could not be done, why, and the fix, naming the key or file.
 */
final class QuantizeErrors {

  private QuantizeErrors() {}

  /** The driver-local staging folder could not be used. */
  static LeptonException staging(String doing, Throwable cause) {
    return Failures.wrap(
        cause,
        doing,
        "Check that the temporary folder (java.io.tmpdir) is writable and its disk is not full.",
        QuantizeException::new);
  }

  /** The calibration and test table could not be read. */
  static LeptonException unreadableTable(Object table, Throwable cause) {
    return Failures.wrap(
        cause,
        "read the Delta table " + table,
        "Fix lepton.quantize.data.table / data.version.",
        QuantizeException::new);
  }

  /** Spark could not load the source model. */
  static LeptonException unreadableSparkModel(
      String uri, String algorithm, String where, Throwable cause) {
    return Failures.wrap(
        cause,
        "read the Spark ML model of " + uri + " (" + algorithm + ")",
        "Check that the driver and every executor can read "
            + where
            + " (the store's settings under lepton.stores, the cluster's credentials).",
        QuantizeException::new);
  }
}
