package ai.lepton.train.djl;

import java.io.Serializable;

/**
 * One round of data-parallel training.
 *
 * @param round 1-based round number
 * @param samples rows trained on in this round, summed over the workers (a row seen twice counts
 *     twice)
 * @param loss mean training loss over those rows, before the parameters were averaged
 * @param durationMs wall time of the round on the driver, averaging and checkpoint included
 */
public record RoundStats(int round, long samples, double loss, long durationMs)
    implements Serializable {

  /** Rows trained per second of wall time in this round. */
  public double samplesPerSecond() {
    return durationMs == 0 ? 0 : samples * 1000.0 / durationMs;
  }
}
