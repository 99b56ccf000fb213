package ai.lepton.storage.internal;

import ai.lepton.errors.Failures;
import java.util.List;

/** Text helpers for wrapping SDK failures: first lines, no secrets (kept in {@link Failures}). */
public final class Messages {

  private Messages() {}

  /** The first line of {@code text} with every known secret and secret-looking value masked. */
  public static String clean(String text, List<String> secrets) {
    return Failures.clean(text, secrets);
  }

  /** The deepest cause's class and message, e.g. "ConnectException: Connection refused". */
  public static String rootCause(Throwable e, List<String> secrets) {
    return Failures.rootCause(e, secrets);
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
