package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.LeptonException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.spark.Progress;
import ai.lepton.testing.DemoReconcileConfig;
import ai.lepton.testing.TestSpark;
import ai.lepton.track.RunFailure;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciles of one golden table run at the same time (threads sharing the test's Spark session, as
 * two jobs share a table): one commits, the other is refused with a message naming the table and
 * appends nothing; a reader scanning the golden table meanwhile sees only whole versions.
 */
class ConcurrentReconcileIT {

  private static final String WRITING_GOLDEN = "writing golden table ";
  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  private String config(DemoDataset demo) {
    return DemoReconcileConfig.hocon(demo, dir)
        + "\nlepton.track.enabled = true\nlepton.work-dir = \""
        + dir.resolve("work")
        + "\"\n";
  }

  private static ReconcileAction action(String hocon, Consumer<String> progress) {
    return new ReconcileAction(spark, LeptonConfig.parse(hocon))
        .progress(new Progress("reconcile", spark, progress, 0));
  }

  private List<String> runIds(String table) {
    return spark
        .read()
        .format("delta")
        .load(dir.resolve(table).toString())
        .select("run_id")
        .distinct()
        .as(Encoders.STRING())
        .collectAsList();
  }

  @Test
  void twoFirstRunsOnOneGoldenTableCommitOnceAndTheLoserAppendsNothing() throws Exception {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 300, 5);
    String hocon = config(demo);
    Race race = race(hocon, line -> {});
    List<ReconcileResult> won = race.won();
    List<Throwable> lost = race.lost();
    assertThat(won).as("runs that committed; refused: %s", lost).hasSize(1);
    assertThat(lost).hasSize(1);
    ReconcileResult winner = won.get(0);
    Throwable loser = lost.get(0);
    String golden = dir.resolve("golden").toString();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(loser)
        .isInstanceOf(LeptonException.class)
        .hasMessageContaining("Another run committed to the golden table " + golden)
        .hasMessageContaining("at the same time")
        .hasMessageContaining("it wrote nothing")
        .hasMessageContaining("Re-running completes the work");
    String loserId = RunFailure.runId(loser);
    soft.assertThat(loserId).isNotNull().isNotEqualTo(winner.runId());

    // golden is one run's: one version, every row written by the winner
    soft.assertThat(DeltaTable.forPath(spark, golden).history().count()).isEqualTo(1);
    Table rows = new Table(spark, golden);
    soft.assertThat(rows.count()).isEqualTo(winner.counts().keys());
    soft.assertThat(rows.distinct(GoldenTable.RUN_ID)).containsExactly(winner.runId());
    // the discrepancy and quarantine tables hold the winner's rows only
    soft.assertThat(runIds("discrepancies")).containsExactly(winner.runId());
    soft.assertThat(new Table(spark, dir.resolve("discrepancies").toString()).count())
        .isEqualTo(winner.discrepancies().rows())
        .isPositive();
    soft.assertThat(runIds("quarantine")).containsExactly(winner.runId());
    // both runs are recorded: the loser as failed, with the reason
    List<RunRecord> recorded =
        RunsTable.at(spark, dir.resolve("work/runs").toString()).list("reconcile", 10);
    soft.assertThat(recorded)
        .extracting(r -> r.runId() + " " + r.status())
        .containsExactlyInAnyOrder(winner.runId() + " succeeded", loserId + " failed");
    soft.assertAll();
  }

  /** The runs that committed and the errors of those refused. */
  private record Race(List<ReconcileResult> won, List<Throwable> lost) {}

  /**
   * Two reconciles of {@code hocon} started together; each holds at the golden write until the
   * other has reached it (both computed their changes against the same version), then goes on after
   * telling {@code atGolden}.
   */
  private static Race race(String hocon, Consumer<String> atGolden) throws Exception {
    CyclicBarrier bothAtGolden = new CyclicBarrier(2);
    Consumer<String> progress =
        line -> {
          if (line.contains(WRITING_GOLDEN) && line.endsWith("...")) {
            try {
              bothAtGolden.await(120, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("the other run never reached the golden write", e);
            }
          }
          atGolden.accept(line);
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ReconcileResult>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(pool.submit(() -> action(hocon, progress).execute()));
      }
      List<ReconcileResult> won = new ArrayList<>();
      List<Throwable> lost = new ArrayList<>();
      for (Future<ReconcileResult> f : runs) {
        try {
          won.add(f.get(5, TimeUnit.MINUTES));
        } catch (java.util.concurrent.ExecutionException e) {
          lost.add(e.getCause());
        }
      }
      return new Race(won, lost);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoMergesIntoOneGoldenTableCommitOnceAndAReaderSeesOnlyWholeVersions() throws Exception {
    String golden = dir.resolve("golden").toString();
    ReconcileResult first =
        action(config(DemoDataset.generate(dir.resolve("first"), 300, 6)), line -> {}).execute();
    // the copies now hold more keys: both runs' MERGEs would insert and update rows
    String second = config(DemoDataset.generate(dir.resolve("second"), 600, 6));

    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean writing = new AtomicBoolean();
    CountDownLatch goldenPhase = new CountDownLatch(1);
    CountDownLatch scanDuringWrite = new CountDownLatch(1);
    List<long[]> seen = new CopyOnWriteArrayList<>();
    List<Throwable> readerErrors = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                goldenPhase.await(5, TimeUnit.MINUTES); // scan from the golden phase on, only
                while (!done.get()) {
                  if (writing.get()) {
                    scanDuringWrite.countDown();
                  }
                  Row r =
                      spark
                          .read()
                          .format("delta")
                          .load(golden)
                          .agg(count(lit(1)), countDistinct(col("id")))
                          .first();
                  seen.add(new long[] {r.getLong(0), r.getLong(1)});
                  Thread.sleep(50);
                }
              } catch (Throwable e) {
                readerErrors.add(e);
              }
            },
            "golden-reader");
    reader.start();
    Race race;
    try {
      race =
          race(
              second,
              line -> {
                if (line.contains("finding golden rows to change")) {
                  goldenPhase.countDown();
                }
                if (line.contains(WRITING_GOLDEN) && line.endsWith("...")) {
                  // the MERGEs start once the reader has started a scan: they overlap
                  writing.set(true);
                  try {
                    scanDuringWrite.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              });
    } finally {
      done.set(true);
      goldenPhase.countDown();
      reader.join(TimeUnit.MINUTES.toMillis(2));
    }

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(race.won()).as("runs that committed; refused: %s", race.lost()).hasSize(1);
    soft.assertThat(race.lost()).hasSize(1);
    for (Throwable loser : race.lost()) {
      soft.assertThat(loser)
          .isInstanceOf(LeptonException.class)
          .hasMessageContaining("Another run committed to the golden table " + golden)
          .hasMessageContaining("it wrote nothing")
          .hasMessageContaining("Re-running completes the work");
    }
    Set<String> committed = new HashSet<>(Set.of(first.runId()));
    race.won().forEach(w -> committed.add(w.runId()));
    soft.assertThat(new HashSet<>(runIds("discrepancies"))).isEqualTo(committed);
    long versions = DeltaTable.forPath(spark, golden).history().count();
    soft.assertThat(versions).as("golden versions").isEqualTo(2);
    soft.assertAll();

    // every scan saw one whole committed version
    assertThat(readerErrors).isEmpty();
    Set<Long> committedCounts = new HashSet<>();
    for (long v = 0; v < versions; v++) {
      committedCounts.add(
          spark.read().format("delta").option("versionAsOf", v).load(golden).count());
    }
    assertThat(committedCounts).as("the two versions differ in rows").hasSize(2);
    assertThat(scanDuringWrite.getCount()).as("a scan started as the MERGE began").isZero();
    for (long[] scan : seen) {
      assertThat(committedCounts).as("rows of a scan").contains(scan[0]);
      assertThat(scan[1]).as("distinct keys of a scan of %s rows", scan[0]).isEqualTo(scan[0]);
    }
    System.out.printf("golden reader: %d scans, counts %s%n", seen.size(), committedCounts);
  }

  /** A Delta table read in the tests. */
  private record Table(SparkSession spark, String uri) {
    long count() {
      return spark.read().format("delta").load(uri).count();
    }

    List<String> distinct(String column) {
      return spark
          .read()
          .format("delta")
          .load(uri)
          .select(column)
          .distinct()
          .as(Encoders.STRING())
          .collectAsList();
    }
  }
}
