package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.InputException;
import ai.lepton.demo.DemoDataset;
import ai.lepton.demo.GroundTruth;
import ai.lepton.spark.DeltaCommits;
import ai.lepton.spark.Progress;
import ai.lepton.testing.DemoReconcileConfig;
import ai.lepton.testing.TestSpark;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileIT {

  private static final long ROWS = 2000;
  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  private String demoConfig(DemoDataset demo, String extra) {
    return demoConfig(demo, dir, extra);
  }

  private static String demoConfig(DemoDataset demo, Path out, String extra) {
    return DemoReconcileConfig.hocon(demo, out) + extra;
  }

  private ReconcileResult run(String hocon) {
    return Lepton.with(spark).reconcile(LeptonConfig.parse(hocon)).execute();
  }

  /** Runs with its progress lines going to {@code said}. */
  private ReconcileResult run(String hocon, List<String> said) {
    return Lepton.with(spark)
        .reconcile(LeptonConfig.parse(hocon))
        .progress(new Progress("reconcile", spark, said::add, 60_000))
        .execute();
  }

  private Dataset<Row> table(String name) {
    return spark.read().format("delta").load(dir.resolve(name).toString());
  }

  private Map<String, BigDecimal> goldenBalances() {
    Map<String, BigDecimal> out = new HashMap<>();
    for (Row r : table("golden").select("id", "balance").collectAsList()) {
      out.put(r.getString(0), r.getDecimal(1));
    }
    return out;
  }

  @Test
  void reconcileMatchesGroundTruthAndAccountsForEveryRow() {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), ROWS, 7);
    GroundTruth truth = demo.truth();

    ReconcileResult r = run(demoConfig(demo, ""));

    assertThat(r.status()).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(r.counts().keys()).isEqualTo(truth.keys());
    assertThat(r.counts().matched()).isEqualTo(truth.matched());
    assertThat(r.counts().conflicting()).isEqualTo(truth.conflicting());
    assertThat(r.counts().missing()).isEqualTo(truth.missingIn());
    for (ReconcileResult.Source s : r.sources()) {
      assertThat(s.rowsRead()).as(s.name()).isEqualTo(truth.rowsRead().get(s.name()));
      assertThat(s.rowsQuarantined()).as(s.name()).isEqualTo(truth.quarantined().get(s.name()));
      assertThat(s.duplicateKeys()).as(s.name()).isEqualTo(truth.duplicates().get(s.name()));
      assertThat(s.rowsLostConflict()).as(s.name()).isPositive();
      assertThat(s.balanced()).as("accounting of " + s.name()).isTrue();
    }
    long lost = r.sources().stream().mapToLong(ReconcileResult.Source::rowsLostConflict).sum();
    assertThat(lost).isEqualTo(truth.conflicting());

    assertThat(r.golden().rows()).isEqualTo(truth.keys());
    assertThat(table("golden").count()).isEqualTo(truth.keys());
    Map<String, BigDecimal> golden = goldenBalances();
    truth
        .latestBalance()
        .forEach((id, balance) -> assertThat(golden.get(id)).as(id).isEqualByComparingTo(balance));

    Dataset<Row> conflicts = table("discrepancies").where("kind = 'conflict'");
    assertThat(conflicts.count()).isEqualTo(2 * truth.conflicting());
    assertThat(
            conflicts
                .select("column")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("balance", "updated_at");
    Set<String> conflictIds =
        conflicts
            .select("id")
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList()
            .stream()
            .collect(Collectors.toSet());
    assertThat(conflictIds).isEqualTo(truth.conflictKeys());
    Row sample = conflicts.where("column = 'balance'").first();
    Map<String, String> values = sample.getJavaMap(sample.fieldIndex("values"));
    assertThat(values).containsOnlyKeys("aws", "azure");
    assertThat(new BigDecimal(values.get("aws")))
        .isNotEqualByComparingTo(new BigDecimal(values.get("azure")));

    Dataset<Row> missing = table("discrepancies").where("kind = 'missing'");
    assertThat(missing.count())
        .isEqualTo(truth.missingIn().values().stream().mapToLong(Long::longValue).sum());
    assertThat(missing.where("array_contains(missing_in, 'aws')").count())
        .isEqualTo(truth.missingIn().get("aws"));

    // the result's count is derived from the run's aggregates, not counted from the table
    assertThat(table("discrepancies").count()).isEqualTo(r.discrepancies().rows());

    Dataset<Row> quarantine = table("quarantine");
    assertThat(quarantine.count()).isEqualTo(r.quarantine().rows()).isEqualTo(10);
    assertThat(quarantine.where("source = 'azure' AND reason LIKE 'malformed%'").count())
        .isEqualTo(1);
    List<String> misfits =
        quarantine
            .where("reason LIKE 'column %'")
            .selectExpr("concat(source, ' ', reason)")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(misfits).hasSize(5);
    for (String expected :
        List.of(
            "aws column 'balance': 'N/A' is not a valid DECIMAL(12,2)",
            "aws column 'opened_on': 'not-a-date' is not a valid DATE",
            "aws column 'updated_at': 'not-a-timestamp' is not a valid TIMESTAMP",
            "azure column 'balance': 'abc' is not a valid DECIMAL(12,2)",
            "azure column 'opened_on': 'not-a-date' is not a valid DATE")) {
      assertThat(misfits).anyMatch(m -> m.startsWith(expected));
    }
    assertThat(quarantine.where("reason LIKE 'null or empty key%'").count()).isEqualTo(4);
    assertThat(quarantine.where("raw IS NULL OR file IS NULL OR run_id IS NULL").count()).isZero();
    assertThat(quarantine.where("raw LIKE '%X0000001%'").count()).isEqualTo(1);
  }

  @Test
  void changedInputsUpdateOnlyChangedKeysAndDeleteVanishedOnes() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    jsonLines(
        a, "k1", "10.00", "2024-01-01", "k2", "20.00", "2024-01-01", "k3", "30.00", "2024-01-01");
    jsonLines(
        b, "k1", "10.00", "2024-01-01", "k2", "20.00", "2024-01-01", "k3", "30.00", "2024-01-01");
    String conf = smallConfig(List.of("a", "b"), "");
    ReconcileResult first = run(conf);
    assertThat(first.golden().inserted()).isEqualTo(3);

    jsonLines(
        a, "k1", "10.00", "2024-01-01", "k2", "25.00", "2024-02-01", "k4", "40.00", "2024-01-01");
    jsonLines(
        b, "k1", "10.00", "2024-01-01", "k2", "20.00", "2024-01-01", "k4", "40.00", "2024-01-01");
    ReconcileResult second = run(conf);

    assertThat(second.golden().committed()).isTrue();
    assertThat(second.golden().version()).isEqualTo(first.golden().version() + 1);
    assertThat(second.golden().inserted()).isEqualTo(1);
    assertThat(second.golden().updated()).isEqualTo(1);
    assertThat(second.golden().deleted()).isEqualTo(1);
    assertThat(second.counts().conflicting()).isEqualTo(1);

    List<Row> changes =
        spark
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", second.golden().version())
            .load(dir.resolve("golden").toString())
            .select("id", "_change_type", "amount")
            .orderBy("id", "_change_type")
            .collectAsList();
    assertThat(changes)
        .extracting(row -> row.getString(0) + ":" + row.getString(1))
        .containsExactly("k2:update_postimage", "k2:update_preimage", "k3:delete", "k4:insert");
    // Deletion vectors (lepton.reconcile.output.deletion-vectors, on by default): the MERGE marks
    // the updated and deleted rows instead of rewriting the data file that holds them.
    String commit =
        Files.readString(
            dir.resolve("golden/_delta_log/%020d.json".formatted(second.golden().version())));
    assertThat(commit).contains("\"deletionVector\"");
    assertThat(goldenAmount("k2")).isEqualByComparingTo("25.00");
  }

  @Test
  void priorityPolicyTakesTheMostTrustedSource() {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), ROWS, 11);
    ReconcileResult r =
        run(demoConfig(demo, "lepton.reconcile.resolve { policy = priority, priority = [aws] }"));
    assertThat(r.counts().conflicting()).isEqualTo(demo.truth().conflicting());
    Map<String, BigDecimal> golden = goldenBalances();
    demo.truth()
        .awsBalance()
        .forEach((id, balance) -> assertThat(golden.get(id)).as(id).isEqualByComparingTo(balance));
  }

  @Test
  void majorityOfThreeSourcesWinsAndTiesGoToPriority() throws IOException {
    jsonLines(dir.resolve("a"), "k1", "1.00", "2024-01-01", "k2", "1.00", "2024-01-01");
    jsonLines(dir.resolve("b"), "k1", "2.00", "2024-01-01", "k2", "2.00", "2024-01-01");
    jsonLines(
        dir.resolve("c"),
        "k1",
        "2.00",
        "2024-01-01",
        "k2",
        "3.00",
        "2024-01-01",
        "k3",
        "9.00",
        "2024-01-01");
    ReconcileResult r =
        run(smallConfig(List.of("a", "b", "c"), "lepton.reconcile.resolve.policy = majority"));

    assertThat(goldenAmount("k1")).isEqualByComparingTo("2.00");
    assertThat(goldenSource("k1")).isEqualTo("b");
    assertThat(goldenAmount("k2")).isEqualByComparingTo("1.00");
    assertThat(goldenSource("k2")).isEqualTo("a");
    assertThat(goldenAmount("k3")).isEqualByComparingTo("9.00");
    assertThat(r.counts().conflicting()).isEqualTo(2);
    assertThat(r.counts().missing())
        .containsEntry("a", 1L)
        .containsEntry("b", 1L)
        .containsEntry("c", 0L);
    ReconcileResult.Source a = r.sources().get(0);
    assertThat(a.rowsInGolden()).isEqualTo(1);
    assertThat(a.rowsLostConflict()).isEqualTo(1);
    assertThat(r.sources()).allMatch(ReconcileResult.Source::balanced);
  }

  @Test
  void toleranceAbsorbsSmallNumericDifferences() throws IOException {
    jsonLines(dir.resolve("a"), "k1", "10.000", "2024-01-01", "k2", "10.000", "2024-01-01");
    jsonLines(dir.resolve("b"), "k1", "10.004", "2024-01-02", "k2", "10.020", "2024-01-02");
    ReconcileResult r =
        run(
            smallConfig(
                List.of("a", "b"),
                "lepton.reconcile { tolerance.amount = 0.01, ignore-columns = [updated_at],"
                    + " schema = \"id STRING, amount DECIMAL(12,3), updated_at TIMESTAMP\" }"));
    assertThat(r.counts().matched()).isEqualTo(1);
    assertThat(r.counts().conflicting()).isEqualTo(1);
    assertThat(table("discrepancies").where("kind = 'conflict'").select("id").first().getString(0))
        .isEqualTo("k2");
  }

  @Test
  void irreconcilableSchemasStopTheJobBeforeAnythingIsWritten() throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.writeString(dir.resolve("a/part.csv"), "id,amount,updated_at\nk1,12,2024-01-01\n");
    jsonLines(dir.resolve("b"), "k1", "\"twelve\"", "2024-01-01");
    String conf =
        """
        lepton.reconcile {
          sources = [ { name = a, uri = "%s", format = csv, options { header = "true" } },
                      { name = b, uri = "%s", format = json } ]
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        """
            .formatted(
                dir.resolve("a"),
                dir.resolve("b"),
                dir.resolve("golden"),
                dir.resolve("discrepancies"),
                dir.resolve("quarantine"));
    assertThatThrownBy(() -> run(conf))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("Cannot align column 'amount': source a has int, source b has string")
        .hasMessageContaining("lepton.reconcile.schema");
    assertThat(dir.resolve("golden")).doesNotExist();
    assertThat(dir.resolve("discrepancies")).doesNotExist();
  }

  @Test
  void dryRunWritesNoTable() {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 300, 5);
    ReconcileResult r =
        Lepton.with(spark)
            .reconcile(LeptonConfig.parse(demoConfig(demo, "")))
            .dryRun(true)
            .execute();
    assertThat(r.dryRun()).isTrue();
    assertThat(r.counts().keys()).isEqualTo(demo.truth().keys());
    assertThat(dir.resolve("golden")).doesNotExist();
    assertThat(dir.resolve("discrepancies")).doesNotExist();
    assertThat(dir.resolve("quarantine")).doesNotExist();
  }

  @Test
  void failedGateLeavesTheGoldenTableAsItWas() {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), ROWS, 13);
    ReconcileResult r = run(demoConfig(demo, "lepton.reconcile.max-conflict-ratio = 0.001"));
    assertThat(r.status()).isEqualTo(JobResult.Status.FAILED);
    assertThat(r.gate().passed()).isFalse();
    assertThat(r.gate().conflictRatio())
        .isEqualTo((double) demo.truth().conflicting() / demo.truth().keys());
    assertThat(r.golden().committed()).isFalse();
    assertThat(r.gate().exceeded()).isEqualTo("lepton.reconcile.max-conflict-ratio");
    assertThat(dir.resolve("golden")).doesNotExist();
    assertThat(dir.resolve("discrepancies")).doesNotExist();
  }

  @Test
  void
      incrementalRunsReadOnlyChangedAddedOrRewrittenFilesCommitNothingWhenUnchangedAndMatchAFullRead()
          throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 1000, 17);
    String conf = demoConfig(demo, "");
    ReconcileResult first = run(conf);
    ReconcileResult.Source aws = first.sources().get(0);
    assertThat(aws.filesRead()).isEqualTo(DemoDataset.PARTS);
    assertThat(aws.filesSkipped()).isZero();
    assertThat(aws.bytesRead()).isEqualTo(folderBytes(demo.awsPath()));

    String manifest = dir.resolve("golden/_lepton_state/manifest").toString();
    long stateVersion = DeltaCommits.latestVersion(spark, manifest);
    ReconcileResult unchanged = run(conf);
    // nothing changed: the first run's result is repeated, not computed; its discrepancy and
    // quarantine rows are appended again under the new run's id; the state is not written
    assertThat(first.repeats()).isNull();
    assertThat(unchanged.repeats()).isEqualTo(first.runId());
    assertThat(unchanged.summary()).contains("repeats    run " + first.runId());
    assertThat(DeltaCommits.latestVersion(spark, manifest)).isEqualTo(stateVersion);
    assertThat(unchanged.discrepancies().rows()).isEqualTo(first.discrepancies().rows());
    assertThat(unchanged.quarantine().rows()).isEqualTo(first.quarantine().rows());
    for (String t : List.of("discrepancies", "quarantine")) {
      assertThat(table(t).where(col("run_id").equalTo(unchanged.runId())).drop("run_id").count())
          .as(t)
          .isEqualTo(table(t).where(col("run_id").equalTo(first.runId())).count())
          .isPositive();
    }
    assertThat(discrepancyText(unchanged.runId())).isEqualTo(discrepancyText(first.runId()));
    for (ReconcileResult.Source s : unchanged.sources()) {
      assertThat(s.bytesRead()).as(s.name()).isZero();
      assertThat(s.filesRead()).as(s.name()).isZero();
      assertThat(s.filesSkipped()).as(s.name()).isEqualTo(DemoDataset.PARTS);
    }
    assertThat(unchanged.counts()).isEqualTo(first.counts());
    assertThat(unchanged.sources())
        .extracting(ReconcileResult.Source::rowsRead)
        .isEqualTo(first.sources().stream().map(ReconcileResult.Source::rowsRead).toList());
    // a re-run on unchanged inputs commits no new golden version
    assertThat(first.golden().committed()).isTrue();
    assertThat(unchanged.golden().committed()).isFalse();
    assertThat(unchanged.golden().version()).isEqualTo(first.golden().version());
    assertThat(DeltaTable.forPath(spark, dir.resolve("golden").toString()).history().count())
        .isEqualTo(1);
    // a changed setting is computed again (from the state's rows: no file is read)
    ReconcileResult resettled = run(conf + "\nlepton.reconcile.sample-size = 5");
    assertThat(resettled.repeats()).isNull();
    assertThat(resettled.counts()).isEqualTo(first.counts());
    assertThat(resettled.sources()).allSatisfy(s -> assertThat(s.filesRead()).isZero());
    assertThat(resettled.golden().committed()).isFalse();

    Path changedFile = demo.azurePath().resolve("part-00001.json");
    String changedId = bumpOneMatchedRow(changedFile, demo);
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    ReconcileResult incremental = run(conf, said);
    assertThat(incremental.repeats()).isNull();
    // the last completed run had other settings: every key is reconciled again
    assertThat(said).anyMatch(l -> l.contains("reconciling every key: the settings changed"));
    ReconcileResult.Source azure = incremental.sources().get(1);
    assertThat(azure.filesRead()).isEqualTo(1);
    assertThat(azure.bytesRead()).isEqualTo(Files.size(changedFile));
    assertThat(azure.filesSkipped()).isEqualTo(DemoDataset.PARTS - 1);
    assertThat(incremental.sources().get(0).bytesRead()).isZero();
    assertThat(incremental.counts().conflicting()).isEqualTo(demo.truth().conflicting() + 1);
    assertThat(incremental.golden().updated()).isEqualTo(1);
    assertThat(goldenBalances().get(changedId)).isEqualByComparingTo("12345.67");

    // A file added, a file removed and a file rewritten with the same size (new time stamp).
    Path added = demo.awsPath().resolve("part-00009.csv");
    Files.write(
        added,
        Files.readAllLines(demo.awsPath().resolve("part-00000.csv")).stream()
            .map(l -> l.startsWith("C") ? "N" + l.substring(1) : l)
            .toList());
    Files.delete(demo.azurePath().resolve("part-00002.json"));
    Path rewritten = demo.awsPath().resolve("part-00003.csv");
    long rewrittenSize = Files.size(rewritten);
    Files.writeString(rewritten, bumpOneBalanceDigit(Files.readString(rewritten)));
    assertThat(Files.size(rewritten)).isEqualTo(rewrittenSize);
    said.clear();
    ReconcileResult second = run(conf, said);
    // same settings as the last run, 3 of 8 files added, removed or rewritten (31% of the bytes):
    // only their keys are reconciled
    assertThat(said).anyMatch(l -> l.contains("finding the keys of the files changed since run"));
    assertThat(said).noneMatch(l -> l.contains("reconciling every key"));
    ReconcileResult.Source secondAws = second.sources().get(0);
    assertThat(secondAws.filesRead()).isEqualTo(2);
    assertThat(secondAws.bytesRead()).isEqualTo(Files.size(added) + rewrittenSize);
    assertThat(secondAws.filesSkipped()).isEqualTo(DemoDataset.PARTS - 1);
    assertThat(second.sources().get(1).filesRead()).isZero();
    assertThat(second.sources().get(1).bytesRead()).isZero();
    assertThat(second.golden().inserted()).isPositive();
    assertThat(second.golden().updated()).isPositive();
    incremental = second;

    Path fullOut = dir.resolve("full");
    ReconcileResult full =
        Lepton.with(spark)
            .reconcile(
                LeptonConfig.parse(
                    demoConfig(demo, fullOut, "lepton.reconcile.incremental = false")))
            .execute();
    assertMatchesFullRead(incremental, dir, full, fullOut);
    assertThat(incremental.conflicts().samples()).isNotEmpty();
    assertThat(incremental.quarantine().rows()).isPositive();
  }

  @Test
  void changedKeysRunDeletesVanishedKeysQuarantinesAndKeepsItsBudgetAsAFullReadWould()
      throws IOException {
    // 8 files per source, the same 40 keys in both
    for (String source : List.of("a", "b")) {
      for (int f = 0; f < 8; f++) {
        List<String> rows = new java.util.ArrayList<>();
        for (int k = 0; k < 5; k++) {
          rows.addAll(List.of("k" + f + k, (f + 1) + "" + k + ".00", "2024-01-01"));
        }
        jsonFile(dir.resolve(source).resolve("part-" + f + ".json"), rows.toArray(String[]::new));
      }
    }
    String conf = smallConfig(List.of("a", "b"), "lepton.reconcile.max-conflicts = 1");
    ReconcileResult first = run(conf);
    assertThat(first.counts().keys()).isEqualTo(40);
    assertThat(first.counts().matched()).isEqualTo(40);

    // k10 gone from both sources, k11 changed in a (a conflict), k90 new, one malformed line
    jsonFile(
        dir.resolve("a/part-1.json"),
        "k11",
        "99.00",
        "2024-02-01",
        "k12",
        "22.00",
        "2024-01-01",
        "k13",
        "23.00",
        "2024-01-01",
        "k14",
        "24.00",
        "2024-01-01",
        "k90",
        "90.00",
        "2024-01-01");
    Files.writeString(
        dir.resolve("a/part-1.json"),
        "{\"id\": \"k91\", broken\n",
        java.nio.file.StandardOpenOption.APPEND);
    jsonFile(
        dir.resolve("b/part-1.json"),
        "k11",
        "21.00",
        "2024-01-01",
        "k12",
        "22.00",
        "2024-01-01",
        "k13",
        "23.00",
        "2024-01-01",
        "k14",
        "24.00",
        "2024-01-01");
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    ReconcileResult second = run(conf, said);
    assertThat(said).anyMatch(l -> l.contains("finding the keys of the files changed since run"));
    assertThat(second.status()).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(second.golden().deleted()).isEqualTo(1);
    assertThat(second.golden().updated()).isEqualTo(1);
    assertThat(second.golden().inserted()).isEqualTo(1);
    assertThat(second.counts().conflicting()).isEqualTo(1);
    assertThat(second.quarantine().rows()).isEqualTo(1);

    Path fullOut = dir.resolve("full");
    String fullConf =
        conf.replace(dir.resolve("golden").toString(), fullOut.resolve("golden").toString())
                .replace(
                    dir.resolve("discrepancies").toString(),
                    fullOut.resolve("discrepancies").toString())
                .replace(
                    dir.resolve("quarantine").toString(), fullOut.resolve("quarantine").toString())
            + "\nlepton.reconcile.incremental = false";
    ReconcileResult full = run(fullConf);
    assertMatchesFullRead(second, dir, full, fullOut);

    // a second conflict exceeds max-conflicts = 1: the run stops and writes nothing
    long goldenVersion = second.golden().version();
    jsonFile(
        dir.resolve("b/part-3.json"),
        "k30",
        "40.00",
        "2024-01-01",
        "k31",
        "77.00",
        "2024-03-01",
        "k32",
        "42.00",
        "2024-01-01",
        "k33",
        "43.00",
        "2024-01-01",
        "k34",
        "44.00",
        "2024-01-01");
    said.clear();
    ReconcileResult stopped = run(conf, said);
    assertThat(said).anyMatch(l -> l.contains("finding the keys of the files changed since run"));
    assertThat(stopped.status()).isEqualTo(JobResult.Status.FAILED);
    assertThat(stopped.gate().exceeded()).isEqualTo("lepton.reconcile.max-conflicts");
    assertThat(stopped.counts().conflicting()).isEqualTo(2);
    assertThat(DeltaCommits.latestVersion(spark, dir.resolve("golden").toString()))
        .isEqualTo(goldenVersion);
    assertThat(table("discrepancies").where(col("run_id").equalTo(stopped.runId())).count())
        .isZero();

    // a commit to a snapshot after the last completed run (a run killed while recording its
    // files): its rows may not be those the last run read, so every key is reconciled
    String state = dir.resolve("golden/_lepton_state").toString();
    Dataset<Row> partZero =
        spark
            .read()
            .format("delta")
            .load(state + "/sources/b")
            .where(col("_lepton_file").endsWith("part-0.json"));
    String raw = partZero.select("_lepton_file").first().getString(0);
    new SourceState(spark, state).replaceFiles("b", partZero, List.of(raw));
    said.clear();
    ReconcileResult again = run(conf, said);
    assertThat(said).anyMatch(l -> l.contains("reconciling every key: the state's rows of b"));
    // the full read stops as the changed-keys run did, with the same figures
    assertThat(again.gate()).isEqualTo(stopped.gate());
    assertThat(again.counts()).isEqualTo(stopped.counts());
    assertThat(again.sources()).isEqualTo(stopped.sources());
    assertThat(again.conflicts()).isEqualTo(stopped.conflicts());
  }

  /**
   * Every figure of {@code incremental}'s result and every row it wrote (tables under {@code
   * incrementalOut}) as the full read {@code full} gives them (tables under {@code fullOut}).
   */
  private void assertMatchesFullRead(
      ReconcileResult incremental, Path incrementalOut, ReconcileResult full, Path fullOut) {
    // every figure of the result, and every row it wrote, as a full read gives them
    assertThat(incremental.counts()).isEqualTo(full.counts());
    assertThat(incremental.sources())
        .extracting(ReconcileIT::accounting)
        .isEqualTo(full.sources().stream().map(ReconcileIT::accounting).toList());
    assertThat(incremental.sources()).allSatisfy(s -> assertThat(s.balanced()).isTrue());
    assertThat(incremental.conflicts()).isEqualTo(full.conflicts());
    assertThat(incremental.golden().rows()).isEqualTo(full.golden().rows());
    assertThat(incremental.discrepancies().rows()).isEqualTo(full.discrepancies().rows());
    assertThat(incremental.quarantine().rows()).isEqualTo(full.quarantine().rows());
    for (String t : List.of("discrepancies", "quarantine")) {
      assertThat(runRows(incrementalOut.resolve(t), incremental.runId()))
          .as(t)
          .hasSize((int) (t.equals("quarantine") ? full.quarantine() : full.discrepancies()).rows())
          .isEqualTo(runRows(fullOut.resolve(t), full.runId()));
    }
    Dataset<Row> incrementalGolden =
        spark
            .read()
            .format("delta")
            .load(incrementalOut.resolve("golden").toString())
            .drop("_lepton_run_id");
    Dataset<Row> fullGolden =
        spark
            .read()
            .format("delta")
            .load(fullOut.resolve("golden").toString())
            .drop("_lepton_run_id");
    assertThat(incrementalGolden.exceptAll(fullGolden).count()).isZero();
    assertThat(fullGolden.exceptAll(incrementalGolden).count()).isZero();
  }

  /** A run's rows of the Delta table at {@code table} as sorted text, without its id and time. */
  private List<String> runRows(Path table, String runId) {
    return spark
        .read()
        .format("delta")
        .load(table.toString())
        .where(col("run_id").equalTo(runId))
        .drop("run_id", "detected_at", "quarantined_at")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  /** A source's accounting: rows read, quarantined, duplicate, in golden, lost a conflict. */
  private static String accounting(ReconcileResult.Source s) {
    return s.rowsRead()
        + "/"
        + s.rowsQuarantined()
        + "/"
        + s.duplicateKeys()
        + "/"
        + s.rowsInGolden()
        + "/"
        + s.rowsLostConflict();
  }

  /** A run's discrepancy rows as sorted text, without the run id and time. */
  private List<String> discrepancyText(String runId) {
    return table("discrepancies")
        .where(col("run_id").equalTo(runId))
        .drop("run_id", "detected_at")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  /** CSV text with the last digit of its first keyed row's balance changed (same length). */
  private static String bumpOneBalanceDigit(String csv) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\n(C\\d+,.*?,)(-?\\d+\\.\\d)(\\d)(,\\d{4}-)").matcher(csv);
    if (!m.find()) {
      throw new IllegalStateException("no balance to change in the CSV text");
    }
    int digit = (Integer.parseInt(m.group(3)) + 1) % 10;
    return csv.substring(0, m.start(3)) + digit + csv.substring(m.end(3));
  }

  /**
   * Gives one matched key in {@code file} a new balance and a later update time; returns its id.
   */
  private static String bumpOneMatchedRow(Path file, DemoDataset demo) throws IOException {
    GroundTruth truth = demo.truth();
    StringBuilder aws = new StringBuilder();
    try (var files = Files.list(demo.awsPath())) {
      for (Path p : files.toList()) {
        aws.append(Files.readString(p));
      }
    }
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      java.util.regex.Matcher id =
          java.util.regex.Pattern.compile("\"id\":\"(C\\d+)\"").matcher(line);
      if (id.find()
          && !truth.conflictKeys().contains(id.group(1))
          && aws.indexOf("\n" + id.group(1) + ",") >= 0
          && line.contains("\"balance\":")) {
        String changed =
            line.replaceFirst("\"balance\":[-0-9.]+", "\"balance\":12345.67")
                .replaceFirst(
                    "\"updated_at\":\"[^\"]+\"", "\"updated_at\":\"2030-01-01T00:00:00Z\"");
        lines.set(i, changed);
        Files.write(file, lines);
        return id.group(1);
      }
    }
    throw new IllegalStateException("no matched row in " + file);
  }

  private static long folderBytes(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  private BigDecimal goldenAmount(String id) {
    return table("golden").where("id = '" + id + "'").select("amount").first().getDecimal(0);
  }

  private String goldenSource(String id) {
    return table("golden").where("id = '" + id + "'").select("_lepton_source").first().getString(0);
  }

  private String smallConfig(List<String> sources, String extra) {
    String list =
        sources.stream()
            .map(s -> "{ name = " + s + ", uri = \"" + dir.resolve(s) + "\", format = json }")
            .collect(Collectors.joining(", "));
    return """
        lepton.reconcile {
          schema = "id STRING, amount DECIMAL(12,2), updated_at TIMESTAMP"
          sources = [ %s ]
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        """
            .formatted(
                list,
                dir.resolve("golden"),
                dir.resolve("discrepancies"),
                dir.resolve("quarantine"))
        + extra;
  }

  /** Writes JSON lines of (id, amount, updated_at) triples, replacing the folder's content. */
  /** Writes JSON lines of (id, amount, updated_at) triples to {@code file}, replacing it. */
  private static void jsonFile(Path file, String... triples) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < triples.length; i += 3) {
      text.append(
          "{\"id\":\"%s\",\"amount\":%s,\"updated_at\":\"%sT00:00:00Z\"}\n"
              .formatted(triples[i], triples[i + 1], triples[i + 2]));
    }
    Files.writeString(file, text);
  }

  private static void jsonLines(Path folder, String... triples) throws IOException {
    Files.createDirectories(folder);
    try (var files = Files.list(folder)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < triples.length; i += 3) {
      text.append(
          "{\"id\":\"%s\",\"amount\":%s,\"updated_at\":\"%sT00:00:00Z\"}\n"
              .formatted(triples[i], triples[i + 1], triples[i + 2]));
    }
    Files.writeString(folder.resolve("part-0.json"), text);
  }
}
