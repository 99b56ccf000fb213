package ai.lepton.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A source as parsed: its data columns with their types, plus {@link SourceReader#CORRUPT} (the raw
 * text of a row that could not be parsed, else null), {@link SourceReader#REASON} (why, when one of
 * its values does not fit its column), {@link SourceReader#SEQ} (read order) and {@link
 * SourceReader#FILE} (the file a row came from). The frame is cached: parse once, use many times,
 * so every query sees the same rows as malformed.
 *
 * @param spec what was read
 * @param frame the parsed rows, cached
 * @param dataSchema the data columns only
 */
public record ParsedSource(SourceSpec spec, Dataset<Row> frame, StructType dataSchema) {

  /** Releases the cached rows. */
  public void release() {
    frame.unpersist(false);
  }
}
