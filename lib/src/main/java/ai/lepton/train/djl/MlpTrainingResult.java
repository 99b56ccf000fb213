package ai.lepton.train.djl;

import ai.lepton.model.DenseNetwork;
import java.util.List;

/**
 * What {@link DataParallelMlp#train} produced.
 *
 * @param network the averaged parameters after the last round, with the task's output activation
 * @param rounds every round of the run, including those done before a resume (from the checkpoint)
 * @param resumedFromRound the last round read from the checkpoint; 0 when the run started fresh
 * @param devices the device each worker trained on in the last round run here ({@code cpu()},
 *     {@code gpu(0)}), in partition order; empty when every round came from the checkpoint
 */
public record MlpTrainingResult(
    DenseNetwork network, List<RoundStats> rounds, int resumedFromRound, List<String> devices) {

  public MlpTrainingResult {
    rounds = List.copyOf(rounds);
    devices = List.copyOf(devices);
  }

  /** Rows trained on over all rounds. */
  public long samples() {
    return rounds.stream().mapToLong(RoundStats::samples).sum();
  }

  /** The last round's mean training loss, or NaN when no round ran. */
  public double finalLoss() {
    return rounds.isEmpty() ? Double.NaN : rounds.get(rounds.size() - 1).loss();
  }
}
