package ai.lepton.plan;

import ai.lepton.config.ConfigException;

/**
 * A price catalog file that cannot be read or has a bad row: bad configuration, found before any
 * planning (CLI exit code 2). The message names the file and line.
 */
public class CatalogException extends ConfigException {

  /** Creates an error whose message names the file, the line and the fix. */
  public CatalogException(String message) {
    super(message);
  }
}
