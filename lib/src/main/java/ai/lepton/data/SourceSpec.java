package ai.lepton.data;

import java.util.Map;

/**
 * One copy of a dataset to read.
 *
 * @param name the source's name, used in reports and quarantine rows
 * @param uri where it is: {@code s3a://}, {@code wasbs://}, {@code file:} or a plain path
 * @param format csv, json, parquet or delta
 * @param options Spark reader options, e.g. {@code header=true}
 * @param schemaDdl a DDL schema for this source, or empty to infer it
 * @param configKey the config key that declares this source, named in error messages
 * @param columns renames of the source's columns to canonical names (the schema uses the latter)
 */
public record SourceSpec(
    String name,
    String uri,
    String format,
    Map<String, String> options,
    String schemaDdl,
    String configKey,
    ColumnMapping columns) {

  /** A source read under its own column names. */
  public SourceSpec(
      String name,
      String uri,
      String format,
      Map<String, String> options,
      String schemaDdl,
      String configKey) {
    this(
        name,
        uri,
        format,
        options,
        schemaDdl,
        configKey,
        ColumnMapping.none(configKey + ".columns"));
  }
}
