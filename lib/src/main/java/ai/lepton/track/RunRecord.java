package ai.lepton.track;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of any job, as the runs table holds it.
 *
 * @param runId the run's id ({@link RunId})
 * @param job reconcile, train, quantize, export, ...
 * @param status succeeded, failed, or a job's own outcome (e.g. gate-failed)
 * @param startedAt when it started
 * @param endedAt when it ended
 * @param params the settings that shaped it, as strings
 * @param metrics its figures (rows, durations, model metrics such as {@code test.auc})
 * @param inputs the Delta tables it read, by URI, with the version read
 * @param artifacts what it wrote (table URIs, model directory URIs)
 * @param error the error message of a failed run; null otherwise
 */
public record RunRecord(
    String runId,
    String job,
    String status,
    Instant startedAt,
    Instant endedAt,
    Map<String, String> params,
    Map<String, Double> metrics,
    Map<String, Long> inputs,
    List<String> artifacts,
    String error) {

  public RunRecord {
    params = params == null ? Map.of() : new LinkedHashMap<>(params);
    metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
    inputs = inputs == null ? Map.of() : new LinkedHashMap<>(inputs);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** Milliseconds from start to end. */
  public long durationMs() {
    return endedAt.toEpochMilli() - startedAt.toEpochMilli();
  }
}
