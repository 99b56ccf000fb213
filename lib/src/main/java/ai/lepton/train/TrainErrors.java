package ai.lepton.train;

import ai.lepton.LeptonException;
import ai.lepton.config.ConfigException;
import ai.lepton.data.InputException;
import ai.lepton.errors.Failures;
import ai.lepton.model.ModelException;

/**
 * Errors of training and loading models, built in one place (as Delta Kernel's {@code
 * DeltaErrors}): what could not be done, why (the first line of the engine's failure), and the fix,
 * naming the key or file. Engine failures are wrapped once: a Lepton error inside one passes
 * through unchanged.
 */
final class TrainErrors {

  /** The fix when a file Lepton stages locally cannot be written or read. */
  static final String CHECK_STAGING =
      "Check that the temporary folder (java.io.tmpdir) is writable and its disk is not full.";

  private TrainErrors() {}

  /** An algorithm Lepton has no trainer for. */
  static ConfigException unknownAlgorithm(String algorithm) {
    return new ConfigException(
        "Unknown algorithm '"
            + algorithm
            + "'. Set lepton.train.algorithm to one of "
            + TrainConfig.ALGORITHMS
            + ".");
  }

  /** A trainer's engine failed while fitting. */
  static LeptonException trainingFailed(String algorithm, Throwable cause, String fix) {
    return Failures.wrap(
        cause, why -> algorithm + " failed to train: " + why + ". " + fix, TrainException::new);
  }

  /** A model file or folder of a training run could not be read or written. */
  static LeptonException modelFile(String doing, Throwable cause, String fix) {
    return Failures.wrap(cause, doing, fix, ModelException::new);
  }

  /** The engine could not do {@code doing} (load, score, serialize a model). */
  static LeptonException engine(String doing, Throwable cause, String fix) {
    return Failures.wrap(cause, doing, fix, TrainException::new);
  }

  /** A version of the input table could not be read. */
  static LeptonException unreadableVersion(
      long version, String table, long oldest, long latest, Throwable cause) {
    return Failures.wrap(
        cause,
        "read version "
            + version
            + " of the Delta table "
            + table
            + " (oldest available "
            + oldest
            + ", latest "
            + latest
            + ")",
        "Pick another lepton.train.input.version.",
        InputException::new);
  }

  /** The input table's history could not be read. */
  static LeptonException unreadableHistory(String table, Throwable cause) {
    return Failures.wrap(
        cause,
        "read the history of the Delta table " + table,
        "Check lepton.train.input.table and that its _delta_log is readable.",
        InputException::new);
  }
}
