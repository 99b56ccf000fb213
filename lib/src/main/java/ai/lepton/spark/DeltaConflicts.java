package ai.lepton.spark;

import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

/**
 * Recognises Delta refusing a commit because another writer committed to the same table first
 * ({@code io.delta.exceptions.ConcurrentAppendException}, {@code ProtocolChangedException} when two
 * runs create one table, {@code MetadataChangedException}, ...): all are {@link
 * DeltaConcurrentModificationException}s, possibly wrapped.
 */
public final class DeltaConflicts {

  private DeltaConflicts() {}

  /** Whether {@code e} or one of its causes is Delta refusing a commit for a concurrent one. */
  public static boolean isConcurrentCommit(Throwable e) {
    return conflict(e) != null;
  }

  /**
   * Delta's name for the conflict in {@code e}, e.g. {@code ConcurrentAppendException}, or null.
   */
  public static String conflictName(Throwable e) {
    Throwable t = conflict(e);
    return t == null ? null : t.getClass().getSimpleName();
  }

  private static Throwable conflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException) {
        return t;
      }
    }
    return null;
  }
}
