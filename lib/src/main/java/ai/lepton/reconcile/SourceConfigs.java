package ai.lepton.reconcile;

import ai.lepton.config.ConfigException;
import ai.lepton.config.Settings;
import ai.lepton.errors.Failures;
import ai.lepton.reconcile.ReconcileConfig.SourceConfig;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/** Reads and checks {@code lepton.reconcile.sources}: names, formats, schemas, column settings. */
final class SourceConfigs {

  /** Longest source name: a folder name on most file systems may have 255 bytes. */
  static final int MAX_NAME_BYTES = 255;

  static final Set<String> FORMATS = Set.of("csv", "json", "parquet", "delta");

  private SourceConfigs() {}

  /** The sources, in order: at least two, each named once (ignoring case). */
  static List<SourceConfig> read(Settings s) {
    List<? extends Config> raw = s.objects("sources");
    if (raw.size() < 2) {
      throw new ConfigException(
          s.key("sources")
              + " lists "
              + raw.size()
              + " source(s); reconcile needs 2 or more, e.g. sources = [ { name = \"aws\", uri ="
              + " \"s3a://bucket/path/\", format = \"csv\" }, { name = \"azure\", uri = ..., format ="
              + " \"json\" } ]");
    }
    List<SourceConfig> out = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      Settings e = new Settings(raw.get(i), s.key("sources") + "[" + i + "]");
      String name = e.requiredString("name", "\"aws\"");
      if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
        throw new ConfigException(
            e.key("name")
                + " is '"
                + name
                + "'; a source name starts with a letter and has only letters, digits, _ and -.");
      }
      if (name.length() > MAX_NAME_BYTES) {
        throw new ConfigException(
            e.key("name")
                + " is "
                + name.length()
                + " characters long; a source name becomes a folder and column name, so it may"
                + " have at most "
                + MAX_NAME_BYTES
                + ". Choose a shorter name.");
      }
      String earlier = names.get(name.toLowerCase(Locale.ROOT));
      if (earlier != null) {
        throw new ConfigException(
            e.key("name")
                + (earlier.equals(name)
                    ? " repeats the source name '" + name + "'"
                    : " is '"
                        + name
                        + "', which differs from the source name '"
                        + earlier
                        + "' only by case (Spark's column names and many stores' folder names"
                        + " ignore case)")
                + "; give each source its own name.");
      }
      names.put(name.toLowerCase(Locale.ROOT), name);
      String format = e.string("format").trim().toLowerCase(Locale.ROOT);
      if (!FORMATS.contains(format)) {
        throw new ConfigException(
            e.key("format") + " is '" + format + "'; use one of csv, json, parquet, delta.");
      }
      out.add(
          new SourceConfig(
              name,
              e.requiredString("uri", "\"s3a://bucket/accounts/\""),
              format,
              e.stringMap("options"),
              ddl(e, "schema"),
              SourceColumns.mapping(e),
              SourceColumns.transforms(e)));
    }
    return List.copyOf(out);
  }

  /** A DDL schema as written, checked with Spark's parser; empty when not set. */
  static String ddl(Settings s, String name) {
    String ddl = s.string(name);
    if (ddl.isBlank()) {
      return ddl;
    }
    try {
      StructType.fromDDL(ddl);
    } catch (Exception e) { // Spark's ParseException is checked, thrown from Scala
      throw new ConfigException(
          s.key(name)
              + " is not a valid DDL schema: "
              + Failures.rootMessage(e)
              + ". Write it as column type pairs, e.g. "
              + s.key(name)
              + " = \"id STRING, amount DECIMAL(12,2), updated_at TIMESTAMP\".",
          e);
    }
    return ddl;
  }
}
