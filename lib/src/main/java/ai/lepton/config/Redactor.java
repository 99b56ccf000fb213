package ai.lepton.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one place that decides what is a secret and hides it from dumps, logs and reports. */
public final class Redactor {

  /** What a redacted value is replaced with. */
  public static final String MASK = "*****";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(secret|password|passwd|token|access[._-]?key|account[._-]?key|sas|"
              + "connection[._-]?string|signature|private[._-]?key).*");

  /**
   * A secret-looking key and its value: {@code secret-key=abc}, {@code session-token: abc}, {@code
   * sig=abc}. The bare word {@code token} before a colon is not one: parsers write {@code got wrong
   * token: '}'}, and masking that would hide the real problem.
   */
  private static final Pattern SECRET_ASSIGNMENT =
      Pattern.compile(
          "(?i)((?:secret|password|passwd|token|access[._-]?key|account[._-]?key|sas|"
              + "connection[._-]?string|sig|signature|private[._-]?key)[\\w.-]*\\s*[=:]\\s*)"
              + "(\"[^\"]*\"|[^\\s,;&\"]+)");

  /** The key part of a match that is the bare word {@code token} before a colon. */
  private static final Pattern BARE_TOKEN = Pattern.compile("(?i)token\\s*:\\s*");

  /** User information in a URI's authority: {@code s3a://KEY:SECRET@bucket/}. */
  private static final Pattern URI_USER_INFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s\"']*:[^/@\\s\"']*@");

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
    String t = URI_USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    return SECRET_ASSIGNMENT
        .matcher(t)
        .replaceAll(
            m ->
                Matcher.quoteReplacement(
                    isBareToken(t, m) ? m.group() : m.group(1) + Redactor.MASK));
  }

  private static boolean isBareToken(String text, MatchResult m) {
    boolean joined = m.start() > 0 && String.valueOf(text.charAt(m.start() - 1)).matches("[\\w.-]");
    return !joined && BARE_TOKEN.matcher(m.group(1)).matches();
  }

  /** A secret-looking key in HOCON text and the rest of its line (its value, maybe broken). */
  private static final Pattern SECRET_LINE =
      Pattern.compile(
          "(?i)(?:secret|password|passwd|token|access[._-]?key|account[._-]?key|sas|"
              + "connection[._-]?string|signature|private[._-]?key)[\\w.-]*\"?\\s*[=:]([^\\n]*)");

  /**
   * {@code message} (a parser's, about {@code hocon}) with every word of every secret-looking key's
   * value in {@code hocon} masked: a parser quotes the text it stumbled on ({@code Key 'hunter2'
   * may not be followed by ...}), which may be a secret.
   */
  public static String redactValuesOf(String hocon, String message) {
    if (message == null || hocon == null) {
      return message;
    }
    String out = message;
    for (String line : hocon.split("\n")) {
      String code = line.strip();
      if (code.startsWith("#") || code.startsWith("//")) {
        continue;
      }
      Matcher m = SECRET_LINE.matcher(code);
      while (m.find()) {
        for (String word : m.group(1).split("[\\s\\[\\]{}\",=:]+")) {
          if (word.length() >= 3 && !word.startsWith("${") && !word.startsWith("#")) {
            out = out.replace(word, MASK);
          }
        }
      }
    }
    return redactMessage(out);
  }

  /** True when {@code uri} carries credentials in its authority ({@code scheme://USER:PASS@}). */
  public static boolean hasUserInfo(String uri) {
    return uri != null && URI_USER_INFO.matcher(uri).find();
  }

  /** {@code uri} with the credentials of its authority, if any, masked. */
  public static String redactUri(String uri) {
    return uri == null ? null : URI_USER_INFO.matcher(uri).replaceAll("$1" + MASK + "@");
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
