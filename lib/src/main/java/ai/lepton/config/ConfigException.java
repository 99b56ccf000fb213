package ai.lepton.config;

import ai.lepton.LeptonException;

/** Bad configuration or usage, found before any work starts (CLI exit code 2). */
public class ConfigException extends LeptonException {

  /** Creates a config error with a message that names the key and the fix. */
  public ConfigException(String message) {
    super(message);
  }

  /** Creates a config error wrapping the parser's failure. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
