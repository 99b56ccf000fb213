package ai.lepton.reconcile;

import ai.lepton.LeptonException;
import ai.lepton.spark.DeltaConflicts;

/**
 * Delta's refusals of a commit because another writer committed to the same table first ({@code
 * io.delta.exceptions.ConcurrentAppendException}, {@code ConcurrentWriteException}, {@code
 * ProtocolChangedException} when two runs create one table, {@code MetadataChangedException},
 * {@code ConcurrentDeleteReadException}, ...), turned into an error that names the table and says
 * what to do.
 */
final class ConcurrentCommit {

  private ConcurrentCommit() {}

  /** Whether {@code e} or one of its causes is Delta refusing a commit for a concurrent one. */
  static boolean isConflict(Throwable e) {
    return DeltaConflicts.isConcurrentCommit(e);
  }

  /**
   * The error for a commit to the {@code table} at {@code uri} refused because another run
   * committed to it first; {@code written} says what this run has and has not written.
   */
  static LeptonException refused(String table, String uri, Throwable cause, String written) {
    return new LeptonException(
        "Another run committed to the "
            + table
            + " "
            + uri
            + " at the same time as this run"
            + deltaName(cause)
            + ", so this run's commit to it was refused. "
            + written
            + " Re-running completes the work: the re-run starts from what the other run"
            + " committed. Run reconciles of the same lepton.reconcile.output tables one after the"
            + " other.",
        cause);
  }

  private static String deltaName(Throwable e) {
    String name = DeltaConflicts.conflictName(e);
    return name == null ? "" : " (Delta: " + name + ")";
  }
}
