package ai.lepton.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of config values that turn the parser's type errors into messages naming the key. */
public final class Settings {

  private final Config config;
  private final String prefix;

  /**
   * Reads keys of {@code config} (already the subtree, e.g. {@code lepton.reconcile}), naming them
   * in messages with {@code prefix} in front (e.g. {@code lepton.reconcile.sources[1]}).
   */
  public Settings(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** Settings of a subtree of the root config. */
  public static Settings at(Config root, String path) {
    return new Settings(root.hasPath(path) ? root.getConfig(path) : ConfigFactory.empty(), path);
  }

  /** The full name of a key, as the user writes it. */
  public String key(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** True when the key is set (to anything but null). */
  public boolean has(String name) {
    return config.hasPath(name);
  }

  /** A string; empty when absent or null. */
  public String string(String name) {
    return read(name, "a string", () -> config.hasPath(name) ? config.getString(name) : "");
  }

  /** A string that must be set. */
  public String requiredString(String name, String example) {
    String value = string(name).trim();
    if (value.isEmpty()) {
      throw new ConfigException(
          key(name) + " is not set. Set it, e.g. " + key(name) + " = " + example);
    }
    return value;
  }

  /** A boolean. */
  public boolean bool(String name) {
    return read(name, "true or false", () -> config.getBoolean(name));
  }

  /** A number. */
  public double number(String name) {
    return read(name, "a number", () -> config.getDouble(name));
  }

  /** A whole number. */
  public long whole(String name) {
    return read(name, "a whole number", () -> config.getLong(name));
  }

  /** A list of strings; empty when absent. */
  public List<String> strings(String name) {
    return read(
        name,
        "a list of strings, e.g. [\"a\", \"b\"]",
        () -> config.hasPath(name) ? List.copyOf(config.getStringList(name)) : List.of());
  }

  /** A list of objects. */
  public List<? extends Config> objects(String name) {
    return read(
        name,
        "a list of objects",
        () -> config.hasPath(name) ? config.getConfigList(name) : List.of());
  }

  /** An object of string values (reader options, Spark settings), keys as written. */
  public Map<String, String> stringMap(String name) {
    return read(
        name,
        "an object of string values",
        () -> {
          Map<String, String> out = new LinkedHashMap<>();
          if (config.hasPath(name)) {
            config.getObject(name).forEach((k, v) -> out.put(k, String.valueOf(v.unwrapped())));
          }
          return out;
        });
  }

  /** An object of numbers (GPU relative speeds), keys as written. */
  public Map<String, Double> numberMap(String name) {
    return read(
        name,
        "an object of numbers, e.g. { a = 1.5 }",
        () -> {
          Map<String, Double> out = new LinkedHashMap<>();
          if (config.hasPath(name)) {
            Config sub = config.getConfig(name);
            config
                .getObject(name)
                .keySet()
                .forEach(k -> out.put(k, sub.getDouble("\"" + k + "\"")));
          }
          return out;
        });
  }

  /** An object whose keys the user chooses (per-column tolerances); empty when absent. */
  public com.typesafe.config.ConfigObject object(String name) {
    return read(
        name,
        "an object, e.g. { balance = 0.01 }",
        () -> config.hasPath(name) ? config.getObject(name) : ConfigFactory.empty().root());
  }

  private <T> T read(String name, String expected, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Config key "
              + key(name)
              + " must be "
              + expected
              + ": "
              + Redactor.redactMessage(e.getMessage()),
          e);
    }
  }
}
