package ai.lepton.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Lepton's loaded, validated configuration: {@code reference.conf} defaults, then files left to
 * right, then {@code --set} overrides. Unknown keys under {@code lepton.} are refused.
 */
public final class LeptonConfig {

  private final Config config;

  private LeptonConfig(Config config) {
    this.config = config;
  }

  /** Loads defaults, the given files in order, then {@code KEY=VALUE} overrides, and validates. */
  public static LeptonConfig load(List<Path> files, List<String> overrides) {
    Config merged = ConfigFactory.empty();
    for (String override : overrides) {
      merged = parseOverride(override).withFallback(merged);
    }
    for (int i = files.size() - 1; i >= 0; i--) {
      merged = merged.withFallback(parseFile(files.get(i)));
    }
    return of(merged);
  }

  /** Validates a config built in code (notebooks, tests) over the defaults. */
  public static LeptonConfig of(Config config) {
    Config resolved;
    try {
      resolved =
          config
              .withFallback(ConfigFactory.defaultReference(LeptonConfig.class.getClassLoader()))
              .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot resolve the configuration: " + e.getMessage(), e);
    }
    ConfigSchema.validate(resolved);
    DurationKeys.validate(resolved);
    UriCredentials.validate(resolved);
    return new LeptonConfig(resolved);
  }

  /** Parses HOCON text (as a notebook would write it) and validates it over the defaults. */
  public static LeptonConfig parse(String hocon) {
    try {
      return of(ConfigFactory.parseString(hocon));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot parse the configuration text: " + e.getMessage(), e);
    }
  }

  /** The underlying resolved config, for typed readers in each package. */
  public Config raw() {
    return config;
  }

  /** The {@code lepton} subtree rendered as HOCON with secrets redacted. */
  public String dump() {
    ConfigValue redacted = Redactor.redact(config.getConfig("lepton").root());
    return "lepton {\n"
        + redacted.render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false))
        + "}\n";
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "Cannot read config file "
              + file
              + ": it does not exist or is not a file. Check the path given with -c.");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults());
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Cannot parse config file " + file + ": " + redactParseError(file, e.getMessage()));
    }
  }

  /** The parser's message with the values of the file's secret-looking keys masked. */
  private static String redactParseError(Path file, String message) {
    try {
      return Redactor.redactValuesOf(Files.readString(file), message);
    } catch (java.io.IOException | RuntimeException e) {
      return "the file is not valid HOCON (the parser's message is not shown, as the file could not"
          + " be read again to hide its secrets)";
    }
  }

  /**
   * One {@code --set KEY=VALUE}: a value starting with {@code [} or {@code {} is HOCON, any other
   * a string; the value of a secret-looking key is always a string (never parsed, so never quoted
   * back in a parse error).
   */
  static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "Cannot use --set '"
              + Redactor.redactAssignment(override)
              + "': expected KEY=VALUE, e.g. --set lepton.reconcile.max-conflict-ratio=0.05");
    }
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    try {
      if ((value.startsWith("[") || value.startsWith("{")) && !Redactor.isSecretKey(key)) {
        return ConfigFactory.parseString(key + " = " + value);
      }
      return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Cannot use --set for key '"
              + Redactor.redactMessage(key)
              + "': "
              + Redactor.redactValuesOf(key + " = " + value, e.getMessage())
              + ". Quote list elements, e.g. --set lepton.reconcile.key=[\"id\"]");
    }
  }
}
