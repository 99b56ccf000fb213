package ai.lepton.data;

import static org.apache.spark.sql.functions.col;

import ai.lepton.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A source's renames of its own columns to the canonical names everything else uses ({@code
 * lepton.reconcile.sources[i].columns { mail = "email" }}). Names match case-insensitively, as
 * Spark's do. A declared schema is written in canonical names: {@link #toSourceNames} turns it into
 * the names the source's files use, so that a CSV header, JSON keys or Parquet columns are matched
 * to their declared types; {@link #rename} then gives the parsed rows their canonical names.
 *
 * @param renames source name to canonical name, in config order
 * @param configKey the key of the mapping, e.g. {@code lepton.reconcile.sources[0].columns}
 */
public record ColumnMapping(Map<String, String> renames, String configKey) {

  /** Copies the map. */
  public ColumnMapping {
    renames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(renames));
  }

  /** No renames. */
  public static ColumnMapping none(String configKey) {
    return new ColumnMapping(Map.of(), configKey);
  }

  /** True when nothing is renamed. */
  public boolean isEmpty() {
    return renames.isEmpty();
  }

  /** A declared (canonical) schema with each renamed column under the source's own name. */
  public StructType toSourceNames(StructType declared) {
    StructField[] fields = declared.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      String own = sourceName(fields[i].name());
      if (own != null) {
        fields[i] =
            new StructField(own, fields[i].dataType(), fields[i].nullable(), fields[i].metadata());
      }
    }
    return new StructType(fields);
  }

  /**
   * Refuses a mapping that names a column the source does not have, or that renames a column onto a
   * name another of its columns already has: a {@link ConfigException} naming the key and listing
   * the source's columns.
   *
   * @param source the source's name
   * @param columns the source's data columns as read (its own names)
   */
  public void check(String source, List<String> columns) {
    for (Map.Entry<String, String> e : renames.entrySet()) {
      if (columns.stream().noneMatch(c -> c.equalsIgnoreCase(e.getKey()))) {
        throw new ConfigException(
            configKey
                + "."
                + e.getKey()
                + " renames column '"
                + e.getKey()
                + "', which source '"
                + source
                + "' does not have (the columns it has: "
                + columns
                + "). Fix the name in "
                + configKey
                + ", or the source's header or schema.");
      }
      String clash =
          columns.stream()
              .filter(c -> c.equalsIgnoreCase(e.getValue()) && !c.equalsIgnoreCase(e.getKey()))
              .filter(c -> canonicalName(c) == null)
              .findFirst()
              .orElse(null);
      if (clash != null) {
        throw new ConfigException(
            configKey
                + "."
                + e.getKey()
                + " renames column '"
                + e.getKey()
                + "' to '"
                + e.getValue()
                + "', but source '"
                + source
                + "' already has a column '"
                + clash
                + "' (the columns it has: "
                + columns
                + "). Rename that column too, or leave it out of the source's schema.");
      }
    }
  }

  /** The rows with each renamed column under its canonical name; other columns unchanged. */
  public Dataset<Row> rename(Dataset<Row> frame) {
    return relabel(frame, this::canonicalName);
  }

  /** The rows with each canonical column under the source's own name again (for write-back). */
  public Dataset<Row> restore(Dataset<Row> frame) {
    return relabel(frame, this::sourceName);
  }

  /** {@code frame} with each column {@code to} names (non-null) under that name. */
  private Dataset<Row> relabel(Dataset<Row> frame, java.util.function.UnaryOperator<String> to) {
    if (renames.isEmpty()) {
      return frame;
    }
    List<Column> out = new ArrayList<>();
    for (String name : frame.columns()) {
      String other = to.apply(name);
      Column c = col(SourceReader.quote(name));
      out.add(other == null ? c : c.as(other));
    }
    return frame.select(out.toArray(Column[]::new));
  }

  /** The canonical name of one of the source's columns, or null when it is not renamed. */
  public String canonicalName(String own) {
    for (Map.Entry<String, String> e : renames.entrySet()) {
      if (e.getKey().equalsIgnoreCase(own)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The source's own name of a canonical column, or null when it is not renamed. */
  public String sourceName(String canonical) {
    for (Map.Entry<String, String> e : renames.entrySet()) {
      if (e.getValue().equalsIgnoreCase(canonical)) {
        return e.getKey();
      }
    }
    return null;
  }
}
