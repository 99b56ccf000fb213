package ai.lepton.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
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

  /**
   * The data columns the source's files really have. A CSV header, a Parquet file or an inferred
   * JSON schema lists only those; but a JSON source read with a declared schema gets every declared
   * column from the parser, null where an object lacks the key. For it, a declared column that no
   * row has a value for is left out, so that a column missing from (or renamed in) a JSON source's
   * files counts as missing, as it does for CSV; a column that is null in every row counts as
   * missing too. A source with no usable row keeps all its columns. Runs one job over the cached
   * rows for such a source (the parse they need anyway); none for the others.
   */
  public List<String> columnsWithValues() {
    List<String> all = List.of(dataSchema.fieldNames());
    boolean declaredJson =
        spec.format().equals("json") && spec.schemaDdl() != null && !spec.schemaDdl().isBlank();
    if (!declaredJson || all.isEmpty()) {
      return all;
    }
    Column[] counts =
        all.stream().map(c -> count(col(SourceReader.quote(c)))).toArray(Column[]::new);
    Row r = frame.agg(count(when(col(SourceReader.CORRUPT).isNull(), 1)), counts).first();
    if (r.getLong(0) == 0) {
      return all;
    }
    List<String> present = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (r.getLong(i + 1) > 0) {
        present.add(all.get(i));
      }
    }
    return List.copyOf(present);
  }
}
