package ai.lepton.reconcile;

import ai.lepton.config.ConfigException;
import ai.lepton.data.AlignedSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a reconcile compares, resolved against the aligned schema (a configured column that no
 * source has, or of the wrong type, is a {@link ConfigException}: exit 2, before anything is
 * written): the key, data and compared columns by their aligned names, the timestamp column,
 * tolerances, and the sources in order.
 *
 * @param schema the aligned schema of all sources
 * @param keys key columns
 * @param data every non-key column (carried into the golden table)
 * @param compared the columns compared across sources
 * @param timestamp the timestamp column, or null when no source has it
 * @param tolerance tolerance by compared column: its own, else its type's default; absent = exact
 * @param caseInsensitive string columns compared without case
 * @param sources source names in config order
 * @param priority source names in order of trust
 * @param ignored the {@code ignore-columns}, by their aligned names: carried, never compared
 */
record ReconcilePlan(
    AlignedSchema schema,
    List<String> keys,
    List<String> data,
    List<String> compared,
    String timestamp,
    Map<String, Tolerance> tolerance,
    List<String> caseInsensitive,
    List<String> sources,
    List<String> priority,
    List<String> ignored) {

  /** Resolves the config's column names against the aligned schema. */
  static ReconcilePlan resolve(
      ReconcileConfig config, AlignedSchema schema, Map<String, List<String>> columnsBySource) {
    List<String> keys = new ArrayList<>();
    for (String k : config.key()) {
      String name = schema.column(k);
      int i = 0;
      for (Map.Entry<String, List<String>> source : columnsBySource.entrySet()) {
        List<String> cols = source.getValue();
        if (cols.stream().noneMatch(c -> c.equalsIgnoreCase(k))) {
          throw new ConfigException(
              "Key column '"
                  + k
                  + "' is not in source '"
                  + source.getKey()
                  + "' (the columns it has: "
                  + cols
                  + (config.sources().get(i).format().equals("json")
                      ? "; no row of it has a value for '" + k + "'"
                      : "")
                  + "). Fix lepton.reconcile.key, or the source's files (a renamed column),"
                  + " header or schema (lepton.reconcile.sources["
                  + i
                  + "].schema or lepton.reconcile.schema).");
        }
        i++;
      }
      keys.add(name);
    }
    List<String> data =
        schema.names().stream().filter(c -> keys.stream().noneMatch(c::equals)).toList();
    List<String> compared = compared(config, schema, columnsBySource, keys);
    String timestamp = schema.column(config.resolve().timestampColumn());
    if (timestamp == null && config.resolve().policy() == ReconcileConfig.Policy.LATEST) {
      throw new ConfigException(
          "Policy 'latest' needs the timestamp column '"
              + config.resolve().timestampColumn()
              + "', which no source has. Set lepton.reconcile.resolve.timestamp-column to a column"
              + " of the sources, or use policy = \"priority\".");
    }
    if (timestamp != null && !isTime(schema.type(timestamp))) {
      throw new ConfigException(
          "Timestamp column '"
              + timestamp
              + "' is "
              + schema.type(timestamp).simpleString()
              + ", not a timestamp or date. Declare it in lepton.reconcile.schema, e.g. \""
              + timestamp
              + " TIMESTAMP\".");
    }
    return new ReconcilePlan(
        schema,
        List.copyOf(keys),
        data,
        compared,
        timestamp,
        tolerances(config, schema, compared),
        config.normalize().caseInsensitiveColumns().stream()
            .map(schema::column)
            .filter(c -> c != null)
            .toList(),
        config.sources().stream().map(ReconcileConfig.SourceConfig::name).toList(),
        config.resolve().priority(),
        config.ignoreColumns().stream()
            .map(c -> existing(schema, c, "lepton.reconcile.ignore-columns"))
            .toList());
  }

  /** Index of a source in config order. */
  int index(String source) {
    return sources.indexOf(source);
  }

  /** Rank of a source in priority order (0 = most trusted). */
  int rank(int sourceIndex) {
    return priority.indexOf(sources.get(sourceIndex));
  }

  /** Type of an aligned column. */
  DataType type(String column) {
    return schema.type(column);
  }

  private static List<String> compared(
      ReconcileConfig config,
      AlignedSchema schema,
      Map<String, List<String>> columnsBySource,
      List<String> keys) {
    List<String> chosen = new ArrayList<>();
    if (!config.columns().isEmpty()) {
      for (String c : config.columns()) {
        chosen.add(existing(schema, c, "lepton.reconcile.columns"));
      }
    } else {
      for (String c : schema.names()) {
        boolean inAll =
            columnsBySource.values().stream()
                .allMatch(cols -> cols.stream().anyMatch(x -> x.equalsIgnoreCase(c)));
        if (inAll && !keys.contains(c)) {
          chosen.add(c);
        }
      }
    }
    for (String ignored : config.ignoreColumns()) {
      chosen.remove(existing(schema, ignored, "lepton.reconcile.ignore-columns"));
    }
    return List.copyOf(chosen);
  }

  private static Map<String, Tolerance> tolerances(
      ReconcileConfig config, AlignedSchema schema, List<String> compared) {
    Map<String, Tolerance> out = new LinkedHashMap<>();
    config
        .tolerance()
        .forEach(
            (column, value) -> {
              String name = existing(schema, column, "lepton.reconcile.tolerance");
              value.check(schema.type(name), name, "lepton.reconcile.tolerance." + column);
              out.put(name, value);
            });
    for (String column : compared) {
      String typeName = toleranceType(schema.type(column));
      Tolerance byType = typeName == null ? null : config.toleranceByType().get(typeName);
      if (byType != null && !out.containsKey(column)) {
        byType.check(schema.type(column), column, "lepton.reconcile.tolerance-by-type." + typeName);
        out.put(column, byType);
      }
    }
    out.values().removeIf(Tolerance::isZero);
    return out;
  }

  /** The {@code tolerance-by-type} name of a column type, or null when none applies. */
  static String toleranceType(DataType type) {
    if (type instanceof org.apache.spark.sql.types.DecimalType) {
      return "decimal";
    }
    if (type.equals(DataTypes.DoubleType)) {
      return "double";
    }
    if (type.equals(DataTypes.FloatType)) {
      return "float";
    }
    if (type.equals(DataTypes.LongType)
        || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.ShortType)
        || type.equals(DataTypes.ByteType)) {
      return "integer";
    }
    if (type.equals(DataTypes.DateType)) {
      return "date";
    }
    if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
      return "timestamp";
    }
    return null;
  }

  private static String existing(AlignedSchema schema, String column, String key) {
    String name = schema.column(column);
    if (name == null) {
      throw new ConfigException(
          key + " names column '" + column + "', which no source has. Columns: " + schema.names());
    }
    return name;
  }

  private static boolean isTime(DataType t) {
    return Normalizer.isTime(t);
  }
}
