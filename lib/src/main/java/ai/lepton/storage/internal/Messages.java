package ai.lepton.storage.internal;

import ai.lepton.config.Redactor;
import java.util.List;

/** Text helpers for wrapping SDK failures: first lines, no secrets. */
public final class Messages {

  private Messages() {}

  /** The first line of {@code text} with every known secret and secret-looking value masked. */
  public static String clean(String text, List<String> secrets) {
    if (text == null) {
      return "";
    }
    String t = text.lines().findFirst().orElse("").strip();
    for (String s : secrets) {
      if (s.length() >= 4) {
        t = t.replace(s, Redactor.MASK);
      }
    }
    return Redactor.redactMessage(t);
  }

  /** The deepest cause's class and message, e.g. "ConnectException: Connection refused". */
  public static String rootCause(Throwable e, List<String> secrets) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? "" : ": " + clean(t.getMessage(), secrets);
    return t.getClass().getSimpleName() + m;
  }

  /** True when {@code e} or a cause is an instance of one of {@code types}. */
  @SafeVarargs
  public static boolean causedBy(Throwable e, Class<? extends Throwable>... types) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }
}
