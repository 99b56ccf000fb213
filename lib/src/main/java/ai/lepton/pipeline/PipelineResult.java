package ai.lepton.pipeline;

import ai.lepton.JobResult;
import ai.lepton.internal.Text;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code lepton pipeline} did: each step's own result, in order, and where it stopped.
 *
 * @param job always {@code pipeline}
 * @param status {@code succeeded}, or {@code failed} when a step's gate failed
 * @param runId the pipeline's run id (each step has its own, in its result)
 * @param startedAt when it started
 * @param durationMs how long it took
 * @param failedStep the step whose gate failed; null when every step passed
 * @param reason why that step's gate failed; null when every step passed
 * @param steps each step's result, as its own command reports it (its {@link JobResult#job()} says
 *     which step)
 * @param retrain whether train, quantize and export ran after reconcile and why ({@code
 *     lepton.pipeline.retrain}); null when the pipeline stopped before deciding
 */
public record PipelineResult(
    String job,
    JobResult.Status status,
    String runId,
    Instant startedAt,
    long durationMs,
    String failedStep,
    String reason,
    List<JobResult> steps,
    Retrain retrain)
    implements JobResult {

  /** What {@code lepton pipeline} prints: each step's own summary, then where it ended. */
  @Override
  public String summary() {
    return Text.of(out -> PipelineSummary.print(this, out));
  }

  public PipelineResult {
    steps = List.copyOf(steps);
  }

  /**
   * The result of the step whose result is a {@code type}, e.g. {@code step(QuantizeResult.class)};
   * empty when the pipeline did not run it.
   */
  public <T extends JobResult> Optional<T> step(Class<T> type) {
    return steps.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /**
   * The retrain decision.
   *
   * @param mode {@code lepton.pipeline.retrain}: {@code always}, {@code never} or {@code on-drift}
   * @param retrained true when train (then quantize and export) ran
   * @param reason why, in words
   */
  public record Retrain(String mode, boolean retrained, String reason) {}
}
