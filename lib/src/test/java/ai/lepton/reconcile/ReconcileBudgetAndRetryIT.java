package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.TestSpark;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets stop a run before it writes anything, and a run killed between its golden commit and its
 * bookkeeping is retried without a second golden version because Delta skips a write whose
 * transaction identifier the table already holds. Ten keys in two small CSV sources.
 */
class ReconcileBudgetAndRetryIT {

  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  /**
   * One table's history: a run that creates it; two runs stopped by budgets (by count right after
   * matching keys, by ratio after comparing columns with a tolerance); a run at the limit killed
   * right after its golden commit; its retry on changed input, which Delta skips; the next run,
   * which applies what the retry found.
   */
  @Test
  void budgetsStopBeforeAnyWriteAndARetryAfterTheGoldenCommitIsSkippedByDelta() throws IOException {
    writeSource("a", v -> v);
    writeSource("b", v -> v >= 1 && v <= 4 ? v + 10 : v);
    ReconcileResult first = run("");
    assertThat(first.succeeded()).isTrue();
    assertThat(first.counts().conflicting()).isEqualTo(4);
    assertThat(first.gate().conflicts()).isEqualTo(4);
    assertThat(first.golden().txnVersion()).isZero();
    assertThat(goldenVersion()).isZero();
    long stateVersion = version(dir.resolve("golden/_lepton_state/manifest"));

    // 6 keys now conflict, and k7 differs by 0.25, which only a tolerance of 0.5 lets agree.
    writeSource("b", v -> v >= 1 && v <= 6 ? v + 10 : v == 7 ? 7.25 : v);

    ReconcileResult byCount = run("lepton.reconcile.max-conflicts = 5");
    assertThat(byCount.status()).isEqualTo(JobResult.Status.FAILED);
    assertThat(byCount.gate().exceeded()).isEqualTo("lepton.reconcile.max-conflicts");
    assertThat(byCount.gate().stage()).isEqualTo("keys");
    assertThat(byCount.gate().message())
        .startsWith("Budget lepton.reconcile.max-conflicts exceeded: 7 keys conflict")
        .contains("the limit is 5: 2 over")
        .contains("golden table left at version 0")
        .contains("--set lepton.reconcile.max-conflicts=");
    assertThat(byCount.counts().conflicting()).isEqualTo(7);
    assertThat(byCount.conflicts().byColumn()).isEmpty();
    assertThat(byCount.sources()).allMatch(ReconcileResult.Source::balanced);
    assertThat(byCount.discrepancies().rows()).isZero();

    String tolerant = "lepton.reconcile.tolerance { v = 0.5 }\n";
    ReconcileResult byRatio = run(tolerant + "lepton.reconcile.max-conflict-ratio = 0.5");
    assertThat(byRatio.status()).isEqualTo(JobResult.Status.FAILED);
    assertThat(byRatio.gate().exceeded()).isEqualTo("lepton.reconcile.max-conflict-ratio");
    assertThat(byRatio.gate().stage()).isEqualTo("columns");
    assertThat(byRatio.gate().message())
        .startsWith("Budget lepton.reconcile.max-conflict-ratio exceeded: 6 of 10 keys conflict")
        .contains("the limit is 0.5: 0.1000 over, 1 keys more than the 5 allowed");
    assertThat(byRatio.counts().conflicting()).isEqualTo(6);
    assertThat(byRatio.conflicts().byColumn()).containsEntry("v", 6L);

    assertThat(goldenVersion()).isZero();
    assertThat(runIdsIn("discrepancies")).containsOnly(first.runId());
    assertThat(runIdsIn("quarantine")).doesNotContain(byCount.runId(), byRatio.runId());
    assertThat(version(dir.resolve("golden/_lepton_state/manifest"))).isEqualTo(stateVersion);

    String atTheLimit = tolerant + "lepton.reconcile.max-conflicts = 6";
    // A run that stops right after its golden commit, before any bookkeeping: its discrepancy
    // table lies under a regular file, so the first write after the golden commit fails.
    Path blocked = Files.writeString(dir.resolve("blocked"), "not a folder");
    String stopsAfterGolden =
        atTheLimit
            + "\nlepton.reconcile.output.discrepancies = \""
            + blocked.resolve("discrepancies")
            + "\"";
    assertThatThrownBy(() -> run(stopsAfterGolden))
        .hasMessageContaining("Cannot append discrepancies to the Delta table");
    assertThat(goldenVersion()).isEqualTo(1);
    List<String> afterKill = goldenRows();

    // New input (k8 changed in both copies): without the transaction identifier this retry
    // would commit a version 2.
    writeSource("a", v -> v == 8 ? 18 : v);
    writeSource("b", v -> v >= 1 && v <= 6 ? v + 10 : v == 7 ? 7.25 : v == 8 ? 18 : v);
    ReconcileResult retry = run(atTheLimit);

    assertThat(retry.succeeded()).isTrue();
    assertThat(retry.golden().skippedAsRetry()).isTrue();
    assertThat(retry.golden().committed()).isFalse();
    assertThat(retry.golden().txnVersion()).isEqualTo(1);
    assertThat(retry.golden().pendingChanges()).isEqualTo(1);
    assertThat(retry.golden().version()).isEqualTo(1);
    assertThat(goldenVersion()).isEqualTo(1);
    assertThat(goldenRows()).isEqualTo(afterKill);
    String appId = GoldenTxn.appId(dir.resolve("golden").toString());
    assertThat(retry.golden().txnAppId()).isEqualTo(appId);
    String killedRunId =
        afterKill.stream()
            .filter(r -> r.startsWith("k5|"))
            .findFirst()
            .orElseThrow()
            .split("\\|")[3];
    assertThat(logCommit(1))
        .contains("{\"txn\":{\"appId\":\"" + appId + "\",\"version\":1,")
        .contains("\"userMetadata\":\"" + killedRunId + "\"");
    assertThat(dir.resolve("golden/_delta_log/00000000000000000002.json")).doesNotExist();
    assertThat(runIdsIn("discrepancies")).containsOnly(first.runId(), retry.runId());
    assertThat(spark.conf().getOption(GoldenTxn.TXN_APP_ID).isDefined()).isFalse();
    assertThat(spark.conf().getOption(GoldenTxn.TXN_VERSION).isDefined()).isFalse();
    assertThat(spark.conf().getOption(GoldenTxn.USER_METADATA).isDefined()).isFalse();

    // same files and settings as the retry, but its changes are pending: computed, not repeated
    ReconcileResult next = run(atTheLimit);
    assertThat(next.repeats()).isNull();
    assertThat(next.golden().txnVersion()).isEqualTo(2);
    assertThat(next.golden().committed()).isTrue();
    assertThat(next.golden().updated()).isEqualTo(1);
    assertThat(goldenVersion()).isEqualTo(2);
  }

  private interface Values {
    double of(int key);
  }

  /** Ten keys k0..k9 with v as given, all updated at one time (b's a second later). */
  private void writeSource(String name, Values v) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    String second = name.equals("a") ? "00" : "01";
    StringBuilder csv = new StringBuilder("id,v,updated_at\n");
    IntStream.range(0, 10)
        .forEach(
            i ->
                csv.append("k")
                    .append(i)
                    .append(',')
                    .append(v.of(i))
                    .append(",2024-05-01 00:00:")
                    .append(second)
                    .append('\n'));
    Files.writeString(folder.resolve("part-0.csv"), csv);
  }

  private LeptonConfig config(String extra) {
    return LeptonConfig.parse(
        """
        lepton.reconcile {
          key = [id]
          ignore-columns = [updated_at]
          schema = "id STRING, v DOUBLE, updated_at TIMESTAMP"
          sources = [
            { name = a, uri = "%s", format = csv, options { header = "true" } }
            { name = b, uri = "%s", format = csv, options { header = "true" } }
          ]
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        lepton.track.enabled = false
        %s
        """
            .formatted(
                dir.resolve("a"),
                dir.resolve("b"),
                dir.resolve("golden"),
                dir.resolve("discrepancies"),
                dir.resolve("quarantine"),
                extra));
  }

  private ReconcileResult run(String extra) {
    return new ReconcileAction(spark, config(extra)).execute();
  }

  private long goldenVersion() {
    return version(dir.resolve("golden"));
  }

  private static long version(Path table) {
    Row last = DeltaTable.forPath(spark, table.toString()).history(1).first();
    return last.getLong(last.fieldIndex("version"));
  }

  private List<String> goldenRows() {
    return spark
        .read()
        .format("delta")
        .load(dir.resolve("golden").toString())
        .selectExpr("concat_ws('|', id, v, _lepton_source, _lepton_run_id)")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }

  private List<String> runIdsIn(String table) {
    if (!Files.exists(dir.resolve(table))) {
      return List.of();
    }
    return spark
        .read()
        .format("delta")
        .load(dir.resolve(table).toString())
        .select("run_id")
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private String logCommit(long version) throws IOException {
    return Files.readString(dir.resolve("golden/_delta_log/%020d.json".formatted(version)));
  }
}
