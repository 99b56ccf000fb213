package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunsCommandTest {

  @Test
  void aMultiLineErrorShowsItsFirstLineOnly() {
    String error =
        "Job aborted due to stage failure: Task 0 failed 4 times\n"
            + "\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages\n"
            + "\tat scala.collection.mutable.ResizableArray.foreach";

    assertThat(RunsCommand.firstLine(error))
        .isEqualTo("Job aborted due to stage failure: Task 0 failed 4 times ...");
  }

  @Test
  void aLongErrorIsCutAndAShortOneKeptWhole() {
    assertThat(RunsCommand.firstLine("x".repeat(500))).hasSize(204).endsWith("x ...");
    assertThat(RunsCommand.firstLine("Cannot read s3a://b/t: no such table."))
        .isEqualTo("Cannot read s3a://b/t: no such table.");
  }
}
