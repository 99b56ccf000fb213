package ai.lepton.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.LeptonException;
import ai.lepton.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsTableIT {

  @TempDir Path dir;

  @Test
  void concurrentAppendsKeepEveryRunAndListNewestFirst() throws Exception {
    RunsTable runs = RunsTable.at(TestSpark.session(), dir.resolve("runs").toString());
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (i == 1) {
        done.get(0).get();
      }
      int n = i;
      done.add(
          pool.submit(
              () ->
                  runs.record(
                      new RunRecord(
                          "run-" + n,
                          n == 2 ? "reconcile" : "train",
                          "succeeded",
                          t0.plusSeconds(n),
                          t0.plusSeconds(n + 10),
                          Map.of("algorithm", "xgboost"),
                          Map.of("test.auc", 0.9 + n / 100.0),
                          Map.of("/t", (long) n),
                          List.of("/models/" + n),
                          null))));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertThat(runs.list(null, 10))
        .extracting(RunRecord::runId)
        .containsExactly("run-2", "run-1", "run-0");
    List<RunRecord> train = runs.list("train", 1);
    assertThat(train).hasSize(1);
    RunRecord r = train.get(0);
    assertThat(r.runId()).isEqualTo("run-1");
    assertThat(r.metrics()).containsEntry("test.auc", 0.91);
    assertThat(r.inputs()).containsEntry("/t", 1L);
    assertThat(r.artifacts()).containsExactly("/models/1");
    assertThat(r.durationMs()).isEqualTo(10_000);
    assertThat(r.error()).isNull();
  }

  @Test
  void throughputIsTheMedianOfSuccessfulRunsElseTheFallback() {
    RunsTable runs = RunsTable.at(TestSpark.session(), dir.resolve("tp").toString());
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    double[] gb = {1, 3, 2};
    for (int i = 0; i < gb.length; i++) {
      runs.record(
          new RunRecord(
              "r" + i,
              "reconcile",
              i == 1 ? "failed" : "succeeded",
              t0.plusSeconds(i),
              t0.plusSeconds(i + 1),
              Map.of(),
              Map.of("bytesRead", gb[i] * 1e9, "cores", 2.0, "durationMs", 1_800_000.0),
              Map.of(),
              List.of(),
              null));
    }
    ai.lepton.plan.ThroughputSource fallback =
        job -> new ai.lepton.plan.Throughput(9, 4, "configured");
    RunsThroughput source = new RunsThroughput(runs, fallback, 5);
    ai.lepton.plan.Throughput t = source.forJob("reconcile");
    assertThat(t.gbPerCoreHour()).isEqualTo(1.5);
    assertThat(t.gpuSpeedup()).isEqualTo(4);
    assertThat(t.source()).contains("median of the last 2 successful reconcile runs");
    assertThat(source.forJob("train").source())
        .startsWith("configured; 0 successful train runs with bytesRead, cores and durationMs");
  }

  @Test
  void aFailureThatIsNotAConcurrentCommitFailsAtOnceNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    RunsTable runs = RunsTable.at(TestSpark.session(), file.resolve("runs").toString());
    List<String> said = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    RunRecord run =
        new RunRecord(
            "run-x", "train", "succeeded", t0, t0, Map.of(), Map.of(), Map.of(), List.of(), null);

    assertThatThrownBy(() -> runs.record(run, said::add))
        .isInstanceOf(LeptonException.class)
        .hasMessageStartingWith("Cannot record run run-x in the runs table " + file.resolve("runs"))
        .hasMessageContaining("Check lepton.track.runs (a writable Delta location)")
        .hasMessageNotContaining("\n");
    assertThat(said).as("no retry for a failure that is not a concurrent commit").isEmpty();
  }

  @Test
  void aMissingTableListsNothing() {
    assertThat(RunsTable.at(TestSpark.session(), dir.resolve("none").toString()).list("train", 5))
        .isEmpty();
  }
}
