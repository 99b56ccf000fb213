package ai.lepton.plan;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import java.nio.file.Path;

/**
 * Errors of planning that are not a bad catalog row ({@link CatalogException} has those), built in
 * one place (as Delta Kernel's {@code DeltaErrors}): what, why, and the fix, naming the key or
 * file.
 */
final class PlanErrors {

  private PlanErrors() {}

  /** A catalog file packaged in Lepton's jar cannot be read (a broken build). */
  static LeptonException builtInCatalog(String fileName, String key, Throwable cause) {
    return Failures.wrap(
        cause,
        "read the built-in conf/catalog/" + fileName,
        "Rebuild or reinstall Lepton, or set " + key + " to a copy of the file.",
        LeptonException::new);
  }

  /** A job definition could not be rendered (a bug: the definitions are Lepton's own records). */
  static LeptonException cannotRender(Throwable cause) {
    return Failures.wrap(
        cause,
        "render a plan definition as JSON",
        "This is a bug in Lepton; report it with the -Dlepton.debug output.",
        LeptonException::new);
  }

  /** A plan file could not be written. */
  static LeptonException cannotWrite(Path file, Throwable cause) {
    return Failures.wrap(
        cause,
        "write " + file,
        "Choose a writable folder with --out or lepton.plan.output-dir.",
        LeptonException::new);
  }
}
