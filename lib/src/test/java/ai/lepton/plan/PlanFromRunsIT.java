package ai.lepton.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.TestSpark;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import ai.lepton.track.RunsThroughput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton plan} takes a job's throughput from its past runs in the runs table when there are
 * enough of them, else the configured default (10 GB per core-hour in {@link TinyCatalog}).
 */
class PlanFromRunsIT {

  private static final String AWS_120 =
      "{ name = data, cloud = aws, region = us-east-1, size-gb = 120 }";

  @TempDir Path dir;

  @Test
  void pastReconcileRunsSetTheThroughputAndTheDefaultsFillInWithTooFew() {
    LeptonConfig config =
        TinyCatalog.config(
            dir,
            AWS_120,
            "lepton.work-dir = \""
                + dir.resolve("work")
                + "\"\n"
                + "lepton.plan.constraints { clouds = [aws], spot = false, allow-gpu = false }");

    PlanResult none = plan(config);
    assertThat(none.throughput().gbPerCoreHour()).isEqualTo(10);
    assertThat(none.throughput().source())
        .startsWith("configured default (lepton.plan.throughput.reconcile)")
        .contains("no runs table at " + dir.resolve("work/runs"));
    assertThat(none.plans().get(0).estimatedHours()).isEqualTo(0.75);

    RunsTable runs = RunsTable.at(TestSpark.session(), config);
    record(runs, 0, 1.2, "succeeded");
    record(runs, 1, 0.8, "succeeded");
    record(runs, 2, 50, "failed");
    PlanResult tooFew = plan(config);
    assertThat(tooFew.throughput().gbPerCoreHour()).isEqualTo(10);
    assertThat(tooFew.throughput().source())
        .contains("2 successful reconcile runs")
        .contains("fewer than lepton.plan.runs.min-runs = 3");

    record(runs, 3, 1.0, "succeeded");
    PlanResult learnt = plan(config);
    assertThat(learnt.throughput().gbPerCoreHour()).isEqualTo(1.0);
    assertThat(learnt.throughput().source())
        .startsWith("median of the last 3 successful reconcile runs in " + runs.uri())
        .contains("per core: 277.8 kB/s, 278 rows/s");
    Plan slow = learnt.plans().get(0);
    Plan fast = none.plans().get(0);
    assertThat(slow.estimatedHours()).isGreaterThan(fast.estimatedHours() * 5);
    assertThat(slow.estimatedCost()).isGreaterThan(fast.estimatedCost());
  }

  private static PlanResult plan(LeptonConfig config) {
    return new PlanAction(config)
        .throughput(RunsThroughput.forPlan(config, TestSpark::session))
        .writeFiles(false)
        .execute();
  }

  /** A reconcile run of 0.5 h on 2 cores that read {@code gbPerCoreHour} GB and 1M rows. */
  private static void record(RunsTable runs, int i, double gbPerCoreHour, String status) {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(3600L * i);
    runs.record(
        new RunRecord(
            "run-" + i,
            "reconcile",
            status,
            t0,
            t0.plusSeconds(1800),
            Map.of(),
            Map.of(
                "bytesRead", gbPerCoreHour * 1e9,
                "rowsRead", 1e6,
                "cores", 2.0,
                "durationMs", 1_800_000.0),
            Map.of(),
            List.of(),
            null));
  }
}
