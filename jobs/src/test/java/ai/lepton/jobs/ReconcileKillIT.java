package ai.lepton.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.demo.DemoDataset;
import ai.lepton.testing.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton reconcile} killed with SIGKILL at chosen points (found by its progress lines), then
 * run again: the tables end as an uninterrupted run's. Golden rows and versions are equal; the
 * discrepancy and quarantine rows of the runs the runs table knows are an uninterrupted run's; the
 * only other rows are those of the killed run, and only when its golden commit stands (README,
 * "Killed and concurrent runs"); after a kill while the state was recorded, the state the re-run
 * records lets a further run read no source byte. The three child JVMs run side by side, while the
 * reference run is made in-process.
 */
class ReconcileKillIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static SparkSession spark;
  private static DemoDataset demo;
  private static Tables reference;
  private static final Map<String, Future<KilledCli>> KILLS = new HashMap<>();
  private static ExecutorService children;

  @TempDir static Path dir;

  /**
   * Starts the three child runs (each killed at its point) side by side, and meanwhile makes one
   * uninterrupted run on the same data in-process: what every killed-then-rerun case must equal.
   */
  @BeforeAll
  static void killChildrenAndRunTheReference() throws IOException {
    spark = TestSpark.session();
    demo = DemoDataset.generate(dir.resolve("data"), 400, 21);
    children = Executors.newFixedThreadPool(3);
    kill("a", line -> line.contains(" discrepancies rows to ") && line.endsWith(" ..."));
    kill("b", line -> line.contains("] writing golden table ") && line.endsWith(" ..."));
    kill("c", line -> line.contains("] recording the files read in ") && line.endsWith(" ..."));
    Path out = dir.resolve("reference");
    Cli cli = Cli.run("reconcile", "-c", config(out).toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    reference = Tables.of(out);
    assertThat(reference.discrepancies()).isNotEmpty();
    assertThat(reference.quarantine()).hasSize(10);
  }

  @AfterAll
  static void stopChildren() {
    children.shutdownNow();
  }

  private static void kill(String name, Predicate<String> at) throws IOException {
    Path out = dir.resolve(name);
    String conf = config(out).toString();
    KILLS.put(name, children.submit(() -> KilledCli.run(out, at, "reconcile", "-c", conf)));
  }

  @Test
  void killedWhileWritingDiscrepanciesThenRerunEqualsAnUninterruptedRun() throws Exception {
    String killedRun = killThenRerun("a", false);
    // golden was committed before the discrepancy rows: the killed run's commit stands and the
    // re-run adds no version
    assertThat(goldenWriters(dir.resolve("a"))).containsExactly(killedRun);
  }

  @Test
  void killedWhileCommittingGoldenThenRerunEqualsAnUninterruptedRun() throws Exception {
    killThenRerun("b", false);
  }

  @Test
  void killedWhileRecordingTheStateThenRerunEqualsAnUninterruptedRun() throws Exception {
    String killedRun = killThenRerun("c", true);
    assertThat(goldenWriters(dir.resolve("c"))).containsExactly(killedRun);
  }

  /**
   * Takes the killed child run {@code name}, re-runs in-process and checks the tables against the
   * reference; returns the killed run's id. With {@code checkState}, a further dry run must read no
   * source byte: asked only where the kill fell while the state was being recorded, since a run
   * killed before that point never touched the state, and the re-run then records it as any run
   * does (ReconcileIT checks that a run on unchanged inputs reads nothing).
   */
  private static String killThenRerun(String name, boolean checkState) throws Exception {
    Path out = dir.resolve(name);
    Path conf = out.resolve("reconcile.conf");
    KilledCli killed = KILLS.get(name).get(KilledCli.TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
    assertThat(killed.killed()).as("the kill point was reached:\n%s", killed.tail()).isTrue();
    assertThat(killed.exitCode()).isEqualTo(137);
    String killedRun = runIdIn(killed.lines());

    Cli rerun = Cli.run("reconcile", "-c", conf.toString());
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();

    Tables tables = Tables.of(out);
    assertThat(tables.golden()).as("golden rows").isEqualTo(reference.golden());
    assertThat(tables.goldenVersions()).as("golden versions").isEqualTo(reference.goldenVersions());
    assertThat(tables.committedDiscrepancies()).isEqualTo(reference.discrepancies());
    assertThat(tables.committedQuarantine()).isEqualTo(reference.quarantine());
    // rows of a run the runs table does not know: the killed run's, one set, after its golden
    Set<String> unfinished = new HashSet<>(tables.unfinishedRuns());
    assertThat(unfinished).isSubsetOf(Set.of(killedRun));
    if (!unfinished.isEmpty()) {
      assertThat(goldenWriters(out)).as("golden written by the killed run").contains(killedRun);
      assertThat(tables.discrepanciesOf(killedRun)).isEqualTo(reference.discrepancies());
    }

    if (checkState) {
      // the state the re-run recorded is whole: a further run reads no source byte
      Cli again = Cli.run("reconcile", "-c", conf.toString(), "--dry-run", "--json");
      assertThat(again.exitCode()).as(again.err()).isZero();
      JsonNode json = JSON.readTree(again.out());
      for (JsonNode source : json.path("sources")) {
        assertThat(source.path("bytesRead").asLong()).as(source.toString()).isZero();
        assertThat(source.path("filesSkipped").asLong()).as(source.toString()).isPositive();
      }
    }
    System.out.printf(
        "kill %s: killed run %s at '%s', rows left by unfinished runs: %s%n",
        name, killedRun, killed.killedAt(), unfinished);
    return killedRun;
  }

  private static Path config(Path out) throws IOException {
    Files.createDirectories(out);
    Path conf = out.resolve("reconcile.conf");
    Files.writeString(conf, DemoConfig.render(demo.awsUri(), demo.azureUri(), "", out));
    return conf;
  }

  private static String runIdIn(List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith("[reconcile] run "))
        .map(l -> l.substring("[reconcile] run ".length()).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run line in:\n" + String.join("\n", lines)));
  }

  /** The runs whose rows the golden table holds. */
  private static List<String> goldenWriters(Path out) {
    return spark
        .read()
        .format("delta")
        .load(out.resolve(DemoConfig.GOLDEN).toString())
        .select("_lepton_run_id")
        .distinct()
        .as(Encoders.STRING())
        .collectAsList();
  }

  /**
   * The tables of one output folder, rows as sorted JSON without the columns that differ between
   * runs (run id, times).
   */
  private record Tables(Path out) {

    static Tables of(Path out) {
      return new Tables(out);
    }

    List<String> golden() {
      return rows(table(DemoConfig.GOLDEN).drop("_lepton_run_id"));
    }

    long goldenVersions() {
      return DeltaTable.forPath(spark, out.resolve(DemoConfig.GOLDEN).toString()).history().count();
    }

    /** Every discrepancy row (the reference has one run). */
    List<String> discrepancies() {
      return rows(table(DemoConfig.DISCREPANCIES).drop("run_id", "detected_at"));
    }

    List<String> quarantine() {
      return rows(table(DemoConfig.QUARANTINE).drop("run_id", "quarantined_at"));
    }

    List<String> committedDiscrepancies() {
      return rows(committed(DemoConfig.DISCREPANCIES).drop("run_id", "detected_at"));
    }

    List<String> committedQuarantine() {
      return rows(committed(DemoConfig.QUARANTINE).drop("run_id", "quarantined_at"));
    }

    List<String> discrepanciesOf(String runId) {
      return rows(
          table(DemoConfig.DISCREPANCIES)
              .where(col("run_id").equalTo(runId))
              .drop("run_id", "detected_at"));
    }

    /** Run ids in the discrepancy or quarantine table that the runs table does not know. */
    List<String> unfinishedRuns() {
      Dataset<Row> ids =
          table(DemoConfig.DISCREPANCIES)
              .select("run_id")
              .union(table(DemoConfig.QUARANTINE).select("run_id"));
      return ids.as("t")
          .join(runs().as("r"), col("t.run_id").equalTo(col("r.run_id")), "left_anti")
          .distinct()
          .as(Encoders.STRING())
          .collectAsList();
    }

    /** The README's query: the rows of runs the runs table knows (runs that ended). */
    private Dataset<Row> committed(String name) {
      return table(name)
          .as("t")
          .join(runs().as("r"), col("t.run_id").equalTo(col("r.run_id")), "left_semi");
    }

    private Dataset<Row> runs() {
      return table("work/runs").select("run_id");
    }

    private Dataset<Row> table(String name) {
      return spark.read().format("delta").load(out.resolve(name).toString());
    }

    private static List<String> rows(Dataset<Row> frame) {
      return frame.toJSON().collectAsList().stream().sorted().toList();
    }
  }
}
