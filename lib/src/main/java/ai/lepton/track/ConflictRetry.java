package ai.lepton.track;

import ai.lepton.LeptonException;
import ai.lepton.spark.DeltaConflicts;
import java.util.function.Consumer;

/**
 * Runs a Delta commit again when Delta refused it because another run committed to the same table
 * first, after a short pause that doubles each time; any other failure is thrown at once.
 */
final class ConflictRetry {

  /** How many runs of a commit the runs table allows. */
  static final int ATTEMPTS = 5;

  private final int attempts;
  private final long firstPauseMs;

  /** Up to {@code attempts} runs of a commit; the first pause is {@code firstPauseMs}. */
  ConflictRetry(int attempts, long firstPauseMs) {
    this.attempts = attempts;
    this.firstPauseMs = firstPauseMs;
  }

  /**
   * Runs {@code commit}; on a concurrent-commit conflict says so to {@code say} and runs it again
   * after the pause, up to the allowed number of runs in all.
   *
   * @throws Exception the last conflict when every run met one, else the first other failure (Delta
   *     throws some checked exceptions, such as {@code DeltaIOException}, without declaring them)
   */
  void run(String what, Runnable commit, Consumer<String> say) throws Exception {
    long pause = firstPauseMs;
    for (int attempt = 1; ; attempt++) {
      try {
        commit.run();
        return;
      } catch (Exception e) {
        if (attempt == attempts || !DeltaConflicts.isConcurrentCommit(e)) {
          throw e;
        }
        say.accept(
            what
                + ": another run committed at the same time (Delta: "
                + DeltaConflicts.conflictName(e)
                + "); trying again in "
                + pause
                + " ms (attempt "
                + (attempt + 1)
                + " of "
                + attempts
                + ")");
        sleep(pause);
        pause *= 2;
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LeptonException("Interrupted while waiting to retry a Delta commit.", e);
    }
  }
}
