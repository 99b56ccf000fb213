package ai.lepton.testing;

import java.util.function.IntConsumer;

/** Stops a training run after a round's checkpoint, as if the run had been killed there. */
public final class StopAfterRound {

  private StopAfterRound() {}

  /** What the hook throws. */
  public static final class Stopped extends RuntimeException {
    Stopped(int round) {
      super("stopped after round " + round + " (test hook)");
    }
  }

  /** A per-round hook that throws {@link Stopped} once round {@code round} is checkpointed. */
  public static IntConsumer at(int round) {
    return r -> {
      if (r == round) {
        throw new Stopped(r);
      }
    };
  }
}
