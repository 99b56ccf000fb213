package ai.lepton.train.djl;

import org.apache.spark.SparkContext;

/**
 * Checks before a barrier stage that the cluster can run all its tasks at once: Spark otherwise
 * retries the stage for minutes (40 tries, 15 s apart) before it gives up.
 */
final class BarrierSlots {

  private static final long WAIT_MS = 30_000;

  private BarrierSlots() {}

  /** Waits up to 30 s for {@code workers} task slots, then fails naming the key to change. */
  static void require(SparkContext sc, int workers) {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    int slots = slots(sc);
    while (slots >= 0 && slots < workers && System.currentTimeMillis() < deadline) {
      sleep();
      slots = slots(sc);
    }
    if (slots >= 0 && slots < workers) {
      throw new MlpTrainingException(
          "Cannot train the DJL MLP with "
              + workers
              + " workers: the cluster runs "
              + slots
              + " tasks at once, and every worker of a round must run at the same time (Spark"
              + " barrier execution). Lower lepton.train.djl.workers to "
              + slots
              + " or less, or add executor cores.");
    }
  }

  /** Tasks the cluster can run at once with the default resource profile; -1 if unknown. */
  static int slots(SparkContext sc) {
    try {
      return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    } catch (RuntimeException | LinkageError e) {
      return -1;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlpTrainingException("Interrupted while waiting for executors to register.");
    }
  }
}
