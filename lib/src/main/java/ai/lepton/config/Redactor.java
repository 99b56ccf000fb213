package ai.lepton.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The one place that decides what is a secret and hides it from dumps, logs and reports. */
public final class Redactor {

  /** What a redacted value is replaced with. */
  public static final String MASK = "*****";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(secret|password|passwd|token|access[._-]?key|account[._-]?key|sas|"
              + "connection[._-]?string|signature|private[._-]?key).*");

  private static final Pattern SECRET_ASSIGNMENT =
      Pattern.compile(
          "(?i)((?:secret|password|passwd|token|access[._-]?key|account[._-]?key|sas|"
              + "connection[._-]?string|sig|signature|private[._-]?key)[\\w.-]*\\s*[=:]\\s*)"
              + "(\"[^\"]*\"|[^\\s,;&\"]+)");

  private Redactor() {}

  /** True when a key's value must never be printed. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /** Returns the value with every secret-keyed entry replaced by {@link #MASK}, at any depth. */
  public static ConfigValue redact(ConfigValue value) {
    if (value instanceof ConfigObject object) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
        out.put(
            e.getKey(),
            isSecretKey(e.getKey())
                ? ConfigValueFactory.fromAnyRef(MASK)
                : redact(e.getValue()).unwrapped());
      }
      return ConfigValueFactory.fromMap(out);
    }
    if (value instanceof ConfigList list) {
      List<Object> out = new ArrayList<>();
      for (ConfigValue v : list) {
        out.add(redact(v).unwrapped());
      }
      return ConfigValueFactory.fromIterable(out);
    }
    return value;
  }

  /** Masks {@code secret=VALUE}-like fragments in free text, such as a parser's message. */
  public static String redactMessage(String text) {
    if (text == null) {
      return null;
    }
    return SECRET_ASSIGNMENT.matcher(text).replaceAll("$1" + MASK);
  }

  /** Masks the value of a {@code KEY=VALUE} pair when the key looks secret. */
  public static String redactAssignment(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq > 0 && isSecretKey(assignment.substring(0, eq))) {
      return assignment.substring(0, eq + 1) + MASK;
    }
    return redactMessage(assignment);
  }
}
