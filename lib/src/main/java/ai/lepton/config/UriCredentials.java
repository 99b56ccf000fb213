package ai.lepton.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;

/**
 * Refuses credentials written into a URI ({@code s3a://KEY:SECRET@bucket/path}) anywhere under
 * {@code lepton.}: such a URI would be printed in progress lines, reports, the runs table and the
 * file systems' own warnings. Credentials belong in the store's settings ({@code
 * lepton.stores.<name>.credentials}), which are redacted everywhere. The message shows the URI with
 * the credentials masked.
 */
public final class UriCredentials {

  private UriCredentials() {}

  /** Throws a {@link ConfigException} naming the first key whose value holds such a URI. */
  static void validate(Config resolved) {
    if (resolved.hasPath("lepton")) {
      walk("lepton", resolved.getValue("lepton"));
    }
  }

  /** Refuses {@code uri}, given by {@code where} (a key or a command-line argument). */
  public static void refuse(String where, String uri) {
    if (!Redactor.hasUserInfo(uri)) {
      return;
    }
    throw new ConfigException(
        where
            + " is "
            + Redactor.redactUri(uri)
            + ": it carries credentials (USER:SECRET@) in the URI, which Lepton refuses so that"
            + " they never reach progress lines, reports or tables. Write the URI without them"
            + " and give the credentials to the store: lepton.stores.<name>.credentials, e.g."
            + " { mode = static, access-key-id = ${?AWS_ACCESS_KEY_ID}, secret-access-key ="
            + " ${?AWS_SECRET_ACCESS_KEY} } (see conf/reference.conf).");
  }

  private static void walk(String path, ConfigValue value) {
    if (value.valueType() == ConfigValueType.OBJECT) {
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
        if (!Redactor.isSecretKey(e.getKey())) {
          walk(path + "." + e.getKey(), e.getValue());
        }
      }
    } else if (value.valueType() == ConfigValueType.LIST) {
      ConfigList list = (ConfigList) value;
      for (int i = 0; i < list.size(); i++) {
        walk(path + "[" + i + "]", list.get(i));
      }
    } else if (value.valueType() == ConfigValueType.STRING) {
      refuse(path, (String) value.unwrapped());
    }
  }
}
