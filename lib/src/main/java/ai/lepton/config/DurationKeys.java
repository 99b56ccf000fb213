package ai.lepton.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Map;

/**
 * Refuses negative times when the config is loaded, before any work: the progress heartbeat and
 * every store's timeouts and retry delays (in {@code store-defaults} and each {@code
 * lepton.stores.<name>}). A negative value would otherwise reach an SDK at run time, or silently
 * turn a limit off.
 */
final class DurationKeys {

  /** Store keys that hold a time in milliseconds. */
  static final List<String> STORE_KEYS =
      List.of(
          "connect-timeout-ms",
          "read-timeout-ms",
          "attempt-timeout-ms",
          "retry.base-delay-ms",
          "retry.max-delay-ms");

  private DurationKeys() {}

  /** Throws a {@link ConfigException} naming the first negative or non-numeric time. */
  static void validate(Config resolved) {
    notNegative(Settings.at(resolved, "lepton.progress"), "interval-ms");
    Settings defaults = Settings.at(resolved, "lepton.store-defaults");
    STORE_KEYS.forEach(k -> notNegative(defaults, k));
    if (!resolved.hasPath("lepton.stores")
        || resolved.getValue("lepton.stores").valueType() != ConfigValueType.OBJECT) {
      return;
    }
    for (Map.Entry<String, ConfigValue> store : resolved.getObject("lepton.stores").entrySet()) {
      if (store.getValue() instanceof ConfigObject object) {
        Settings s = new Settings(object.toConfig(), "lepton.stores." + store.getKey());
        STORE_KEYS.forEach(k -> notNegative(s, k));
      }
    }
  }

  private static void notNegative(Settings s, String name) {
    if (!s.has(name)) {
      return;
    }
    long value = s.whole(name);
    if (value < 0) {
      throw new ConfigException(
          s.key(name)
              + " is "
              + value
              + "; a time in milliseconds must be 0 or more. Remove the key to use its default"
              + " (see conf/reference.conf).");
    }
  }
}
