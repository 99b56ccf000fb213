package ai.lepton.export;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;

/**
 * Errors of packaging and publishing a model for serving, built in one place (as Delta Kernel's
 * {@code DeltaErrors}): what could not be done, why, and the fix, naming the key or file.
 */
final class ExportErrors {

  private ExportErrors() {}

  /** A local staging file or a store could not be read or written ({@code doing} says which). */
  static LeptonException io(String doing, Throwable cause, String fix) {
    return Failures.wrap(cause, doing, fix, ExportException::new);
  }

  /** The staging folder could not be written. */
  static LeptonException staging(String doing, Throwable cause) {
    return io(
        doing,
        cause,
        "Check that the temporary folder (java.io.tmpdir) is writable and its disk is not full.");
  }

  /**
   * Lepton could not render one of its own serving files: a bug, not a setting; the cause is kept
   * for {@code -Dlepton.debug=true}.
   */
  static LeptonException cannotRender(String what, Throwable cause) {
    return io(
        "write " + what,
        cause,
        "This is a bug in Lepton; report it with the -Dlepton.debug output.");
  }

  /** A file Lepton's jar should hold is missing (a broken build). */
  static ExportException missingResource(String name) {
    return new ExportException(
        "Cannot package the serving files: "
            + name
            + " is missing from Lepton's jar. Rebuild or reinstall Lepton.");
  }

  /** A published manifest.json cannot be parsed. */
  static ExportException notAManifest(String uri, Throwable cause) {
    return new ExportException(
        "Cannot read "
            + uri
            + ": it is not a manifest.json Lepton wrote ("
            + Failures.rootMessage(cause)
            + "). Delete the version folder or export another lepton.export.version.",
        cause);
  }

  /** The store kept other bytes than were uploaded. */
  static ExportException uploadMismatch(String uri, String stored, String packaged) {
    return new ExportException(
        "Uploading "
            + uri
            + " stored bytes with SHA-256 "
            + stored
            + ", but the packaged file has "
            + packaged
            + ". No manifest was written, so readers do not see this version; export again.");
  }

  /** The store kept other bytes than were sent for manifest.json. */
  static ExportException manifestMismatch(String manifestUri) {
    return new ExportException(
        "Writing " + manifestUri + " stored different bytes than were sent. Export again.");
  }

  /** A version that is already published differs from what would be published now. */
  static ExportException versionExists(String base, String version, String name, String differs) {
    return new ExportException(
        base
            + " already holds version "
            + version
            + " of "
            + name
            + " with different content ("
            + differs
            + " differs). Published versions are never changed: set lepton.export.version to a"
            + " new version.");
  }

  /** A published version lacks a file its manifest names, or has it with the wrong size. */
  static ExportException damagedVersion(String base, String file, boolean missing) {
    return new ExportException(
        "The published version at "
            + base
            + " is damaged: "
            + file
            + (missing ? " is missing" : " has the wrong size")
            + ". Delete "
            + base
            + ExportManifest.FILE
            + " and export again to repair it.");
  }

  /** The XGBoost model file is not JSON. */
  static ExportException xgboostNotJson(Throwable cause) {
    return new ExportException(
        "The XGBoost model is not valid JSON: " + Failures.rootMessage(cause), cause);
  }

  /** XGBoost could not load the model to convert it. */
  static ExportException xgboostUnreadable(Throwable cause) {
    return new ExportException(
        "Cannot read the XGBoost model to export it: " + Failures.rootMessage(cause), cause);
  }
}
