package ai.lepton.pipeline;

import java.time.Instant;
import java.util.List;

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
 * @param steps each step's result, as its own command reports it
 */
public record PipelineResult(
    String job,
    String status,
    String runId,
    Instant startedAt,
    long durationMs,
    String failedStep,
    String reason,
    List<Object> steps) {

  public PipelineResult {
    steps = List.copyOf(steps);
  }

  /** True when every step ran and passed its gate. */
  public boolean succeeded() {
    return "succeeded".equals(status);
  }
}
