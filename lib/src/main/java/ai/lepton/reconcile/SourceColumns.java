package ai.lepton.reconcile;

import ai.lepton.config.ConfigException;
import ai.lepton.config.Settings;
import ai.lepton.errors.Failures;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * Reads and checks, without Spark, a source's {@code columns} (renames: source name to canonical
 * name) and {@code transform} (Spark SQL expression per canonical column). What needs the source's
 * columns is checked once they are known: renames by {@link ai.lepton.data.ColumnMapping#check},
 * expressions by {@link SourceTransforms}.
 */
final class SourceColumns {

  private SourceColumns() {}

  /** The renames of {@code columns}: each value a canonical name, no two onto the same name. */
  static Map<String, String> mapping(Settings source) {
    Map<String, String> out = strings(source, "columns", "mail = \"email\"");
    Map<String, String> seen = new LinkedHashMap<>();
    out.forEach(
        (own, canonical) -> {
          String key = source.key("columns." + own);
          if (canonical.startsWith("_lepton_")) {
            throw new ConfigException(
                key + " is '" + canonical + "'; names starting with _lepton_ are Lepton's own.");
          }
          String earlier = seen.put(canonical.toLowerCase(Locale.ROOT), own);
          if (earlier != null) {
            throw new ConfigException(
                key
                    + " renames '"
                    + own
                    + "' to '"
                    + canonical
                    + "', as "
                    + source.key("columns." + earlier)
                    + " renames '"
                    + earlier
                    + "'; a canonical name can come from one column of a source only.");
          }
        });
    return out;
  }

  /** The expressions of {@code transform}, each checked with Spark's SQL parser. */
  static Map<String, String> transforms(Settings source) {
    Map<String, String> out = strings(source, "transform", "balance = \"balance / 100\"");
    out.forEach(
        (column, expression) -> {
          try {
            CatalystSqlParser$.MODULE$.parseExpression(expression);
          } catch (Exception e) { // Spark's ParseException, thrown from Scala
            throw new ConfigException(
                source.key("transform." + column)
                    + " is not a valid Spark SQL expression: "
                    + Failures.rootMessage(e)
                    + ". Write an expression over the source's columns (named as "
                    + source.key("columns")
                    + " renames them), e.g. balance = \"balance / 100\".",
                e);
          }
        });
    return out;
  }

  /**
   * An object of non-empty strings at {@code name}, keys as written (case-insensitively unique).
   */
  private static Map<String, String> strings(Settings source, String name, String example) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!source.has(name)) {
      return out;
    }
    ConfigObject object = source.object(name);
    Map<String, String> lower = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : new java.util.TreeMap<>(object).entrySet()) {
      String key = source.key(name + "." + e.getKey());
      ConfigValue v = e.getValue();
      if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isBlank()) {
        throw new ConfigException(
            key
                + " must be a non-empty string, e.g. "
                + source.key(name)
                + " { "
                + example
                + " } (quote a column name that has a dot).");
      }
      String earlier = lower.put(e.getKey().toLowerCase(Locale.ROOT), e.getKey());
      if (earlier != null) {
        throw new ConfigException(
            key
                + " and "
                + source.key(name + "." + earlier)
                + " name the same column (names ignore case); keep one.");
      }
      out.put(e.getKey(), ((String) v.unwrapped()).trim());
    }
    return out;
  }
}
