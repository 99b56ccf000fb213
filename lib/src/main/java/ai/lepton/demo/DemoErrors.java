package ai.lepton.demo;

import ai.lepton.LeptonException;
import ai.lepton.config.ConfigException;
import ai.lepton.errors.Failures;
import java.nio.file.Path;

/** Every error the demo data generator raises, built in one place: what, why, and the fix. */
final class DemoErrors {

  private DemoErrors() {}

  /** A row count outside what the generator makes (the CLI's {@code --rows}). */
  static ConfigException rowsOutOfRange(long rows) {
    return new ConfigException(
        "Cannot generate "
            + rows
            + " demo rows: rows must be between 0 and "
            + DemoDataset.MAX_ROWS);
  }

  /** A part count below one. */
  static ConfigException partsOutOfRange(int parts) {
    return new ConfigException(
        "Cannot split demo data into " + parts + " files: parts must be 1 or more");
  }

  /** The old demo data could not be removed. */
  static LeptonException cannotDelete(Path folder, Throwable cause) {
    return Failures.wrap(
        cause, "delete old demo data in " + folder, "Remove it by hand.", LeptonException::new);
  }

  /** A part file could not be written. */
  static LeptonException cannotWrite(Path file, Throwable cause) {
    return Failures.wrap(
        cause, "write demo data to " + file, "Check it is writable.", LeptonException::new);
  }
}
