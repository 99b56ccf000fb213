package ai.lepton.data;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;

/**
 * Errors of reading a source as a whole, built in one place (as Delta Kernel's {@code
 * DeltaErrors}): each names the source, its location and the config key to fix. Engine failures are
 * wrapped once, keeping the first line of their message.
 */
final class InputErrors {

  private InputErrors() {}

  /** Spark could not read the source in its format. */
  static LeptonException unreadable(SourceSpec spec, Throwable cause) {
    return Failures.wrap(
        cause,
        "read source '" + spec.name() + "' (" + spec.uri() + ") as " + spec.format(),
        "Check that the path exists and holds "
            + spec.format()
            + " data, or fix "
            + spec.configKey()
            + ".",
        InputException::new);
  }

  /** The source's files could not be listed. */
  static LeptonException unlistable(SourceSpec spec, Throwable cause) {
    return Failures.wrap(
        cause,
        why ->
            source(spec)
                + "cannot list its files: "
                + why
                + ". Check that the path exists and is readable, or fix "
                + spec.configKey()
                + ".uri.",
        InputException::new);
  }

  /** The source holds nothing to read ({@code why} says what is there). */
  static InputException nothingToRead(SourceSpec spec, String why) {
    return new InputException(
        source(spec) + why + ". Put the source's data there, or fix " + spec.configKey() + ".uri.");
  }

  /** The source's declared schema is not valid DDL. */
  static InputException badSchema(SourceSpec spec, Throwable cause) {
    return new InputException(
        "Cannot use the schema of source '"
            + spec.name()
            + "': '"
            + spec.schemaDdl()
            + "' is not a valid DDL schema ("
            + Failures.rootMessage(cause)
            + "). Write it like \"id STRING, amount DECIMAL(12,2), updated_at TIMESTAMP\".");
  }

  private static String source(SourceSpec spec) {
    return "Cannot read source '" + spec.name() + "' (" + spec.uri() + "): ";
  }
}
