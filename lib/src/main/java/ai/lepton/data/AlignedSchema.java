package ai.lepton.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one schema all sources are compared in: every column of every source, by name
 * (case-insensitive), with types widened where that is safe.
 *
 * @param schema the aligned columns, in first-seen order
 */
public record AlignedSchema(StructType schema) {

  /** The aligned column name matching {@code name} case-insensitively, if any. */
  public String column(String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f.name();
      }
    }
    return null;
  }

  /** The type of an aligned column. */
  public DataType type(String column) {
    return schema.apply(column).dataType();
  }

  /** Column names in order. */
  public List<String> names() {
    return List.of(schema.fieldNames());
  }

  /**
   * Expressions that project a source with {@code sourceSchema} onto the aligned columns; widenings
   * that depend on a time zone (a DATE becomes a TIMESTAMP at midnight) happen in {@code zone}.
   */
  public Column[] projection(StructType sourceSchema, String zone) {
    return projection(sourceSchema, zone, Map.of());
  }

  /**
   * As {@link #projection(StructType, String)}, but a column named (in lower case) in {@code
   * computed} takes the value of that expression over the source's columns, cast to its aligned
   * type in {@code zone}, whether or not the source has such a column.
   */
  public Column[] projection(StructType sourceSchema, String zone, Map<String, Column> computed) {
    List<Column> out = new ArrayList<>();
    for (StructField target : schema.fields()) {
      StructField own = find(sourceSchema, target.name());
      Column expression = computed.get(target.name().toLowerCase(Locale.ROOT));
      Column value =
          expression != null
              ? ZonedCast.cast(expression, target.dataType(), zone)
              : own == null
                  ? lit(null).cast(target.dataType())
                  : own.dataType().equals(target.dataType())
                      ? col(SourceReader.quote(own.name()))
                      : ZonedCast.cast(
                          col(SourceReader.quote(own.name())), target.dataType(), zone);
      out.add(value.as(target.name()));
    }
    return out.toArray(Column[]::new);
  }

  private static StructField find(StructType schema, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (StructField f : schema.fields()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(lower)) {
        return f;
      }
    }
    return null;
  }
}
