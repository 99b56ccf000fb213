package ai.lepton.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.exceptions.ConcurrentAppendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {

  private final List<String> said = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void aConcurrentCommitIsRetriedAfterADoublingPauseAndSaid() throws Exception {
    new ConflictRetry(5, 10)
        .run(
            "runs table /t",
            () -> {
              if (runs.incrementAndGet() <= 2) {
                // wrapped, as callers may see it
                throw new RuntimeException("commit failed", new ConcurrentAppendException("files"));
              }
            },
            said::add);
    assertThat(runs).hasValue(3);
    assertThat(said)
        .containsExactly(
            "runs table /t: another run committed at the same time (Delta:"
                + " ConcurrentAppendException); trying again in 10 ms (attempt 2 of 5)",
            "runs table /t: another run committed at the same time (Delta:"
                + " ConcurrentAppendException); trying again in 20 ms (attempt 3 of 5)");
  }

  @Test
  void anyOtherFailureIsThrownAtOnce() {
    assertThatThrownBy(
            () ->
                new ConflictRetry(5, 10)
                    .run(
                        "runs table /t",
                        () -> {
                          runs.incrementAndGet();
                          throw new IllegalStateException("disk full");
                        },
                        said::add))
        .hasMessage("disk full");
    assertThat(runs).hasValue(1);
    assertThat(said).isEmpty();
  }

  @Test
  void theLastConflictIsThrownWhenEveryAttemptMeetsOne() {
    assertThatThrownBy(
            () ->
                new ConflictRetry(3, 1)
                    .run(
                        "runs table /t",
                        () -> {
                          runs.incrementAndGet();
                          throw new ConcurrentAppendException("files were added");
                        },
                        said::add))
        .isInstanceOf(ConcurrentAppendException.class);
    assertThat(runs).hasValue(3);
    assertThat(said).hasSize(2);
  }
}
