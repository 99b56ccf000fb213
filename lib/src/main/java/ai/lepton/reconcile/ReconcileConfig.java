package ai.lepton.reconcile;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.internal.Copies;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The typed, validated {@code lepton.reconcile} settings. */
public record ReconcileConfig(
    List<String> key,
    List<SourceConfig> sources,
    String schema,
    List<String> columns,
    List<String> ignoreColumns,
    Map<String, Tolerance> tolerance,
    Map<String, Tolerance> toleranceByType,
    Normalize normalize,
    Resolve resolve,
    Output output,
    double maxConflictRatio,
    long maxConflicts,
    boolean incremental,
    int sampleSize) {

  /** Config prefix of these settings. */
  public static final String PREFIX = "lepton.reconcile";

  /**
   * One copy of the dataset.
   *
   * @param columns renames of the source's own columns: source name to canonical name
   * @param transform Spark SQL expressions per canonical column, over the renamed columns
   */
  public record SourceConfig(
      String name,
      String uri,
      String format,
      Map<String, String> options,
      String schema,
      Map<String, String> columns,
      Map<String, String> transform) {

    /** Copies the maps (keeping their order). */
    public SourceConfig {
      columns = Copies.map(columns);
      transform = Copies.map(transform);
    }

    /** A source that keeps its own column names and values. */
    public SourceConfig(
        String name, String uri, String format, Map<String, String> options, String schema) {
      this(name, uri, format, options, schema, Map.of(), Map.of());
    }
  }

  /**
   * Normalization applied before comparison; {@code timestampPrecision} is {@code us}, {@code ms}
   * or {@code s}.
   */
  public record Normalize(
      boolean trimStrings,
      boolean emptyStringAsNull,
      List<String> caseInsensitiveColumns,
      String timezone,
      String timestampPrecision) {}

  /** The type names {@code tolerance-by-type} accepts. */
  static final List<String> TOLERANCE_TYPES =
      List.of("integer", "decimal", "float", "double", "timestamp", "date");

  /** The units {@code normalize.timestamp-precision} accepts. */
  static final List<String> TIMESTAMP_PRECISIONS = List.of("us", "ms", "s");

  /** How a key's golden row is chosen. */
  public record Resolve(Policy policy, String timestampColumn, List<String> priority) {}

  /**
   * Where the tables go; {@code state} is where reconcile keeps what it needs to skip unchanged
   * source files (by default beside the golden table).
   */
  public record Output(
      String golden,
      String discrepancies,
      String quarantine,
      boolean deleteMissing,
      String state,
      boolean deletionVectors) {}

  /** Conflict resolution policies. */
  public enum Policy {
    LATEST,
    PRIORITY,
    MAJORITY;

    static Policy parse(String value, String key) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            key
                + " is '"
                + value
                + "', which is not a policy. Use one of: latest, priority, majority.");
      }
    }
  }

  /** Reads and validates {@code lepton.reconcile} from a loaded config. */
  public static ReconcileConfig from(LeptonConfig config) {
    Settings s = Settings.at(config.raw(), PREFIX);
    List<SourceConfig> sources = SourceConfigs.read(s);
    List<String> key = s.strings("key");
    if (key.isEmpty()) {
      throw new ConfigException(
          s.key("key") + " is empty. Name the key column(s), e.g. key = [\"id\"]");
    }
    Map<String, Tolerance> tolerance = tolerances(s, "tolerance");
    Map<String, Tolerance> byType = tolerances(s, "tolerance-by-type");
    for (String type : byType.keySet()) {
      if (!TOLERANCE_TYPES.contains(type)) {
        throw new ConfigException(
            s.key("tolerance-by-type." + type)
                + " names no type a tolerance applies to. Use one of: "
                + String.join(", ", TOLERANCE_TYPES)
                + ".");
      }
    }
    double ratio = s.number("max-conflict-ratio");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new ConfigException(
          s.key("max-conflict-ratio") + " is " + ratio + "; it must be between 0 and 1.");
    }
    long maxConflicts = s.whole("max-conflicts");
    if (maxConflicts < -1) {
      throw new ConfigException(
          s.key("max-conflicts")
              + " is "
              + maxConflicts
              + "; it must be a number of conflicting keys (0 or more), or -1 for no limit.");
    }
    Settings out = Settings.at(config.raw(), PREFIX + ".output");
    Output output = output(out);
    OutputPaths.check(
        sources,
        output,
        PREFIX + ".output",
        s.key("sources"),
        out.string("state").isBlank() ? out.key("state") + " (default)" : out.key("state"));
    return new ReconcileConfig(
        key,
        sources,
        SourceConfigs.ddl(s, "schema"),
        s.strings("columns"),
        s.strings("ignore-columns"),
        tolerance,
        byType,
        normalize(Settings.at(config.raw(), PREFIX + ".normalize")),
        resolve(Settings.at(config.raw(), PREFIX + ".resolve"), sources),
        output,
        ratio,
        maxConflicts,
        s.bool("incremental"),
        sampleSize(s));
  }

  /** The source with this name. */
  public SourceConfig source(String name) {
    return sources.stream().filter(src -> src.name().equals(name)).findFirst().orElseThrow();
  }

  private static Normalize normalize(Settings s) {
    String zone = s.string("timezone");
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new ConfigException(
          s.key("timezone")
              + " is '"
              + zone
              + "', which is not a time zone. Use e.g. \"UTC\" or \"Europe/Berlin\".");
    }
    String precision = s.string("timestamp-precision").trim();
    if (!TIMESTAMP_PRECISIONS.contains(precision)) {
      throw new ConfigException(
          s.key("timestamp-precision")
              + " is '"
              + precision
              + "'. Use us (as read), ms or s: timestamps are compared truncated to it.");
    }
    return new Normalize(
        s.bool("trim-strings"),
        s.bool("empty-string-as-null"),
        s.strings("case-insensitive-columns"),
        zone,
        precision);
  }

  private static int sampleSize(Settings s) {
    long size = s.whole("sample-size");
    if (size < 0 || size > 10_000) {
      throw new ConfigException(
          s.key("sample-size")
              + " is "
              + size
              + "; it must be between 0 (no samples) and 10000 conflicts per column.");
    }
    return (int) size;
  }

  /** A map of tolerances at {@code name}: each value a number, { abs, rel } or a duration. */
  private static Map<String, Tolerance> tolerances(Settings s, String name) {
    Map<String, Tolerance> out = new java.util.LinkedHashMap<>();
    if (s.has(name)) {
      com.typesafe.config.ConfigObject object = s.object(name);
      object.forEach(
          (column, value) -> out.put(column, Tolerance.parse(value, s.key(name + "." + column))));
    }
    return out;
  }

  private static Resolve resolve(Settings s, List<SourceConfig> sources) {
    Policy policy = Policy.parse(s.string("policy"), s.key("policy"));
    List<String> names = sources.stream().map(SourceConfig::name).toList();
    List<String> priority = new ArrayList<>(s.strings("priority"));
    for (String p : priority) {
      if (!names.contains(p)) {
        throw new ConfigException(
            s.key("priority")
                + " names '"
                + p
                + "', which is not a source. Sources: "
                + names
                + ".");
      }
    }
    for (String n : names) {
      if (!priority.contains(n)) {
        priority.add(n);
      }
    }
    return new Resolve(policy, s.string("timestamp-column"), List.copyOf(priority));
  }

  private static Output output(Settings s) {
    String golden = s.requiredString("golden", "\"/data/golden/accounts\"");
    String state = s.string("state").trim();
    return new Output(
        golden,
        s.requiredString("discrepancies", "\"/data/golden/accounts_discrepancies\""),
        s.requiredString("quarantine", "\"/data/golden/accounts_quarantine\""),
        s.bool("delete-missing"),
        state.isEmpty() ? golden.replaceAll("/+$", "") + "/_lepton_state" : state,
        s.bool("deletion-vectors"));
  }
}
