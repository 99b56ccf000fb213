package ai.lepton.model;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import java.util.Arrays;
import java.util.Collection;

/**
 * Every error about a model directory, built in one place (as Delta Kernel's {@code DeltaErrors}):
 * each says what could not be done, why, and how to fix it, naming the file.
 */
final class ModelErrors {

  private ModelErrors() {}

  /** A file or folder of a model could not be read or written ({@code doing} says which). */
  static LeptonException io(String doing, Throwable cause, String fix) {
    return Failures.wrap(cause, doing, fix, ModelException::new);
  }

  /** The manifest could not be rendered as JSON (a bug: the manifest is Lepton's own record). */
  static ModelException manifestNotWritable(Throwable cause) {
    return new ModelException(
        "Cannot write " + ModelManifest.FILE + ": " + Failures.rootMessage(cause), cause);
  }

  /** {@code where} was written by a newer Lepton. */
  static ModelException layoutTooNew(String where, int version) {
    return new ModelException(
        where
            + " has layout version "
            + version
            + " but this Lepton reads up to "
            + ModelManifest.FORMAT_VERSION
            + ". Use a newer Lepton.");
  }

  /** {@code where} is not a manifest Lepton can parse. */
  static ModelException notAManifest(String where, String why, Throwable cause) {
    return new ModelException(
        "Cannot read "
            + where
            + ": it is not a valid "
            + ModelManifest.FILE
            + " ("
            + Failures.firstLine(why)
            + ").",
        cause);
  }

  /** The {@code latest} pointer of a model root names no model folder. */
  static ModelException badLatest(String latest, String version) {
    return new ModelException(
        latest + " does not name a model folder ('" + version + "'). Train the model again.");
  }

  /** There is no manifest at {@code uri}. */
  static ModelException noModel(String uri) {
    return new ModelException(
        "There is no model at "
            + uri
            + ": "
            + ModelManifest.FILE
            + " is missing. Point at a directory written by lepton train or lepton quantize"
            + " (a directory whose publish did not finish has no manifest).");
  }

  /** There is no manifest in the local folder {@code dir}. */
  static ModelException noLocalModel(Object dir) {
    return new ModelException(
        "There is no model at " + dir + ": " + ModelManifest.FILE + " is missing.");
  }

  /** The store kept other bytes than were written. */
  static ModelException publishMismatch(String target, String actual, String expected) {
    return new ModelException(
        "Publishing "
            + target
            + " stored different bytes than the model file (SHA-256 "
            + actual
            + ", expected "
            + expected
            + "). Publish again.");
  }

  /** The model directory holds files its manifest does not name. */
  static ModelException extraFiles(Object where, Collection<String> extra, String fix) {
    return new ModelException(
        "The model at "
            + where
            + " holds files its "
            + ModelManifest.FILE
            + " does not name: "
            + extra
            + "."
            + (fix.isEmpty() ? "" : " " + fix));
  }

  /** A file the manifest names is missing. */
  static ModelException missingFile(Object where, String file, String fix) {
    return new ModelException(
        "The model at "
            + where
            + " is missing "
            + file
            + ", which its "
            + ModelManifest.FILE
            + " names."
            + (fix.isEmpty() ? "" : " " + fix));
  }

  /** A model file does not have the checksum its manifest records. */
  static ModelException checksumMismatch(Object file, String actual, String expected) {
    return new ModelException(
        "The model file "
            + file
            + " does not match its "
            + ModelManifest.FILE
            + " (SHA-256 "
            + actual
            + ", expected "
            + expected
            + "): it was changed or damaged after the model was written. Train or quantize"
            + " it again, or restore the file.");
  }

  /** Split fractions that leave no rows to train on. */
  static ModelException badSplit(double validation, double test) {
    return new ModelException(
        "split fractions must be >= 0 and leave rows to train on, but validation = "
            + validation
            + " and test = "
            + test);
  }

  /** A manifest names a format this Lepton does not know. */
  static ModelException unknownFormat(String id) {
    return new ModelException(
        "Unknown model format '"
            + id
            + "': this Lepton reads "
            + Arrays.stream(ModelFormat.values()).map(ModelFormat::id).toList()
            + ". Use the Lepton that wrote the model, or a newer one.");
  }
}
