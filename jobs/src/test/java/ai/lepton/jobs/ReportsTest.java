package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.track.RunFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {

  @Test
  void aFailedReportCarriesTheRunIdOfTheFailedRun() {
    IllegalStateException e = new IllegalStateException("Cannot read s3a://lake/t: no table.");
    RunFailure.tag(e, "20261206-120000-abcdef");

    Map<String, Object> report = Reports.failure("train", e);

    assertThat(report)
        .containsEntry("status", "failed")
        .containsEntry("runId", "20261206-120000-abcdef")
        .containsEntry("error", "Cannot read s3a://lake/t: no table.");
  }

  @Test
  void aFailureBeforeAnyRunStartedHasNoRunId() {
    Map<String, Object> report = Reports.failure("train", new IllegalStateException("bad"));

    assertThat(report).doesNotContainKey("runId").containsEntry("error", "bad");
  }
}
