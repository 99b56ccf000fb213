package ai.lepton.data;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Text values whose bytes were not valid in their file's encoding. Spark's CSV reader turns such
 * bytes into U+FFFD (the replacement character) and its JSON reader rejects the whole line; either
 * way the value is no longer what was written, so its row goes to quarantine, with the column
 * named, instead of reaching the golden table. The check looks for U+FFFD in a top-level string
 * value of a CSV or JSON source after decoding: a file that holds U+FFFD as a real character (rare:
 * it is what a decoder writes once bytes are already lost) has those rows quarantined too.
 */
public final class InvalidText {

  /** The character a decoder puts where bytes were not valid. */
  public static final String REPLACEMENT = "\uFFFD";

  private InvalidText() {}

  /** Whether {@code text} holds the replacement character. */
  public static Column replaced(Column text) {
    return text.contains(REPLACEMENT);
  }

  /**
   * The reason for a value of {@code column} that holds the replacement character, else null: the
   * column, the value as decoded (at most {@link TypedValues#QUOTED_CHARS} characters) and the fix.
   */
  static Column reason(String column, Column text, String encoding) {
    return when(
        replaced(text),
        concat(
            lit("column '" + column + "': '"),
            substring(text, 1, TypedValues.QUOTED_CHARS),
            lit(
                "' has bytes that are not valid "
                    + encoding
                    + " (shown as U+FFFD); fix the file, or set the source's encoding option to"
                    + " the encoding it was written in")));
  }
}
