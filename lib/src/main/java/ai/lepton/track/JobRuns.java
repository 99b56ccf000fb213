package ai.lepton.track;

import ai.lepton.errors.Failures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The runs-table row of a job that failed before it had a result. */
public final class JobRuns {

  private JobRuns() {}

  /** The row of a run of {@code job} that failed with {@code error} before it had a result. */
  public static RunRecord failed(
      String job, String runId, Instant started, Map<String, String> params, Exception error) {
    return new RunRecord(
        runId,
        job,
        "failed",
        started,
        Instant.now(),
        params,
        Map.of(),
        Map.of(),
        List.of(),
        Failures.describe(error));
  }
}
