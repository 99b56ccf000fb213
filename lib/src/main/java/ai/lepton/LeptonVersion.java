package ai.lepton;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions Lepton was built with, from {@code lepton-version.properties}. */
public final class LeptonVersion {

  private static final Properties VERSIONS = load();

  private LeptonVersion() {}

  /** Lepton's own version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String lepton() {
    return VERSIONS.getProperty("lepton", "unknown");
  }

  /** The Spark version Lepton was built for. */
  public static String spark() {
    return VERSIONS.getProperty("spark", "unknown");
  }

  /** The Delta Lake version Lepton was built for. */
  public static String delta() {
    return VERSIONS.getProperty("delta", "unknown");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = LeptonVersion.class.getResourceAsStream("/lepton-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the versions read as "unknown"
    }
    return p;
  }
}
