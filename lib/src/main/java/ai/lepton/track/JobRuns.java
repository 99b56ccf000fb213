package ai.lepton.track;

import ai.lepton.JobResult;
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
        JobResult.Status.FAILED.word(),
        started,
        Instant.now(),
        params,
        Map.of(),
        Map.of(),
        List.of(),
        ai.lepton.config.Redactor.redactMessage(String.valueOf(error.getMessage())));
  }
}
