package ai.lepton.jobs.cluster;

import static ai.lepton.jobs.cluster.TwoCloudAccounts.AWS_K07;
import static ai.lepton.jobs.cluster.TwoCloudAccounts.AZURE_K03;
import static ai.lepton.jobs.cluster.TwoCloudAccounts.MALFORMED_CSV_VALUES;
import static ai.lepton.jobs.cluster.TwoCloudAccounts.MALFORMED_JSON;
import static ai.lepton.jobs.cluster.TwoCloudAccounts.base;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import ai.lepton.jobs.cluster.TwoCloudAccounts.Account;
import ai.lepton.jobs.cluster.TwoCloudAccounts.Layout;
import ai.lepton.storage.HadoopStoreConf;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.emulator.Emulators;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TestStores;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submit path: {@code spark-submit --class ai.lepton.jobs.Main <data-jobs jar> reconcile} on a
 * real standalone cluster (the data-jobs jar is the cluster jar without the model libraries), where
 * driver and executor are separate JVMs, checked by reading the Delta tables it wrote. The sources
 * are on S3 (s3proxy) and Azure Blob (Azurite), the outputs and the runs table on S3, and the
 * worker shares no disk with the driver ({@link SharedCluster}). Guards against state that exists
 * only on the driver, closures that do not serialize, and dependencies missing from the cluster
 * jar.
 */
@ExtendWith({EmulatorsExtension.class, SharedCluster.class})
class ClusterSubmitIT {

  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static Layout data;
  private static SubmitResult submit;
  private static ObjectStores stores;
  private static List<String> buckets;

  @BeforeAll
  static void submitReconcileToTheCluster() throws InterruptedException {
    Emulators emulators = EmulatorsExtension.emulators();
    LeptonConfig config = TestStores.config(emulators, "");
    stores = ObjectStores.from(config);
    String bucket = "s3a://" + TestStores.uniqueName("lepton-cluster") + "/";
    String container =
        "wasb://"
            + TestStores.uniqueName("lepton-cluster")
            + "@devstoreaccount1.blob.core.windows.net/";
    buckets = List.of(bucket, container);
    buckets.forEach(b -> ((SupportsBuckets) stores.forUri(b)).createBucket(b));
    HadoopStoreConf.apply(config, TestSpark.session());
    data =
        TwoCloudAccounts.write(
            new Layout(bucket, container, dir),
            stores,
            emulators.storesConfig(TestStores.S3, TestStores.AZURE));
    submit = SharedCluster.cluster().submit(reconcile(), SUBMIT_TIMEOUT);
    assertThat(submit.exitCode())
        .as("exit code of lepton reconcile under spark-submit\n%s", submit.logTail())
        .isZero();
  }

  /**
   * {@code lepton reconcile} as a user submits it. The Delta extension and catalog are left out on
   * purpose: Lepton adds them when the platform has not set them, and this checks that it does.
   */
  private static Submission reconcile() {
    List<String> args =
        List.of("reconcile", "-c", data.config().toString(), "--report", data.report().toString());
    return Submission.of(ClusterTestProperties.dataJar(), "ai.lepton.jobs.Main", args)
        .driverJvmOption("-Dlepton.debug=true");
  }

  @AfterAll
  static void removeBuckets() {
    if (stores != null) {
      buckets.forEach(b -> ((SupportsBuckets) stores.forUri(b)).deleteBucket(b));
      stores.close();
    }
  }

  @Test
  void theDataJobsJarLeavesOutTheModelLibraries() throws IOException {
    Path data = ClusterTestProperties.dataJar();
    try (JarFile jar = new JarFile(data.toFile())) {
      assertThat(jar.stream().map(JarEntry::getName))
          .contains("ai/lepton/jobs/Main.class", "ai/lepton/reconcile/ReconcileAction.class")
          .noneMatch(n -> n.startsWith("ai/djl/") || n.startsWith("pytorch/"))
          .noneMatch(n -> n.startsWith("ai/onnxruntime/") || n.startsWith("ml/dmlc/"));
    }
    assertThat(Files.size(data))
        .as("the data-jobs jar against the cluster jar")
        .isLessThan(Files.size(SharedCluster.properties().clusterJar()) / 5);
  }

  @Test
  void reconcileRanItsTasksOnAnExecutorJvm() throws IOException {
    List<Path> apps = list(SharedCluster.cluster().workerDir());
    assertThat(apps).as("applications in the worker's work dir").hasSize(1);
    Path executorLog = apps.get(0).resolve("0").resolve("stderr");
    assertThat(executorLog).exists();
    assertThat(Files.readString(executorLog)).contains("Running task").contains("Finished task");
  }

  @Test
  void theWorkerSeesNeitherTheDriversFoldersNorTmp() {
    StandaloneCluster cluster = SharedCluster.cluster();
    Assumptions.assumeTrue(
        cluster.shareNothing(), "the cluster fell back to a shared disk (see test output)");
    assertThat(cluster.workerSees(data.config())).as("the config in /tmp").isFalse();
    assertThat(cluster.workerSees(submit.driverWorkDir())).as("the driver's folder").isFalse();
    assertThat(cluster.workerSees(cluster.workerDir())).as("its own work dir").isTrue();
  }

  @Test
  void nothingDurableIsLeftInTheDriversWorkingFolder() throws IOException {
    assertThat(DriverFolder.durableFiles(submit.driverWorkDir())).isEmpty();
  }

  @Test
  void goldenTableHoldsTheWinningRowOfEveryKey() {
    Map<String, String> expected = new TreeMap<>();
    for (int i = 1; i <= 22; i++) {
      expected.put(base(i).id(), golden(base(i), "aws"));
    }
    expected.put("k03", golden(AZURE_K03, "azure"));
    expected.put("k07", golden(AWS_K07, "aws"));
    expected.put("k22", golden(base(22), "azure"));

    List<Row> rows = table(data.golden());
    Map<String, String> actual = new TreeMap<>();
    rows.forEach(r -> actual.put(r.getString(r.fieldIndex("id")), golden(r)));

    assertThat(rows).hasSize(22);
    assertThat(actual).isEqualTo(expected);
    assertThat(rows)
        .allSatisfy(r -> assertThat(r.isNullAt(r.fieldIndex("_lepton_row_hash"))).isFalse())
        .extracting(r -> r.getString(r.fieldIndex("_lepton_run_id")))
        .containsOnly(runId());
  }

  @Test
  void discrepancyTableHasEveryConflictingColumnAndMissingKey() {
    List<Row> rows = table(data.discrepancies());

    assertThat(rows.stream().map(ClusterSubmitIT::discrepancy))
        .containsExactlyInAnyOrder(
            "k03 conflict balance {aws=300.03, azure=333.33} [] azure",
            "k03 conflict updated_at {aws=2024-01-03 10:00:00, azure=2024-02-01 10:00:00} [] azure",
            "k05 conflict balance {aws=500.05, azure=505.05} [] aws",
            "k07 conflict name {aws=Grace Hopper, azure=Customer 7} [] aws",
            "k07 conflict updated_at {aws=2024-03-01 09:30:00, azure=2024-01-07 10:00:00} [] aws",
            "k21 missing null null [azure] aws",
            "k22 missing null null [aws] azure");
    assertThat(rows)
        .allSatisfy(r -> assertThat(r.getTimestamp(r.fieldIndex("detected_at"))).isNotNull())
        .extracting(r -> r.getString(r.fieldIndex("run_id")))
        .containsOnly(runId());
  }

  @Test
  void quarantineTableKeepsMalformedLinesWithTheirRawText() {
    List<Row> rows = table(data.quarantine());

    assertThat(rows.stream().map(ClusterSubmitIT::quarantined))
        .containsExactlyInAnyOrder(
            "aws part-1.csv | column 'balance': 'not-a-number' is not a valid DECIMAL(12,2) (not a"
                + " number, too many digits, or more decimal places than it keeps) | "
                + MALFORMED_CSV_VALUES,
            "azure part-1.json | malformed record: not valid json (broken quoting or syntax, the"
                + " wrong number of fields, or bytes that are not valid in the file's encoding) | "
                + MALFORMED_JSON);
    assertThat(rows)
        .allSatisfy(r -> assertThat(r.getTimestamp(r.fieldIndex("quarantined_at"))).isNotNull())
        .extracting(r -> r.getString(r.fieldIndex("run_id")))
        .containsOnly(runId());
  }

  @Test
  void reportAccountsForEveryRowRead() {
    JsonNode report = report();

    assertThat(report.path("status").asText()).isEqualTo("succeeded");
    assertThat(report.path("counts").toString())
        .isEqualTo(
            "{\"keys\":22,\"matched\":17,\"conflicting\":3,\"missing\":{\"aws\":1,\"azure\":1}}");
    assertThat(report.path("golden").path("rows").asLong()).isEqualTo(22);
    assertThat(report.path("golden").path("inserted").asLong()).isEqualTo(22);
    assertThat(report.path("discrepancies").path("rows").asLong()).isEqualTo(7);
    assertThat(report.path("quarantine").path("rows").asLong()).isEqualTo(2);
    List<String> sources = new ArrayList<>();
    report.path("sources").forEach(s -> sources.add(accounting(s)));
    assertThat(sources)
        .containsExactly(
            "aws read 22 = quarantined 1 + duplicates 0 + golden 20 + lost 1",
            "azure read 23 = quarantined 1 + duplicates 1 + golden 19 + lost 2");
  }

  private static String golden(Account a, String source) {
    return String.join(" ", a.name(), a.balance(), Instant.parse(a.updatedAt()).toString(), source);
  }

  private static String golden(Row r) {
    return String.join(
        " ",
        r.getString(r.fieldIndex("name")),
        r.getDecimal(r.fieldIndex("balance")).toPlainString(),
        r.getTimestamp(r.fieldIndex("updated_at")).toInstant().toString(),
        r.getString(r.fieldIndex("_lepton_source")));
  }

  private static String discrepancy(Row r) {
    Map<String, String> values =
        r.isNullAt(r.fieldIndex("values"))
            ? null
            : new TreeMap<>(r.getJavaMap(r.fieldIndex("values")));
    return String.join(
        " ",
        r.getString(r.fieldIndex("id")),
        r.getString(r.fieldIndex("kind")),
        String.valueOf(r.getString(r.fieldIndex("column"))),
        String.valueOf(values),
        String.valueOf(r.getList(r.fieldIndex("missing_in"))),
        r.getString(r.fieldIndex("winner")));
  }

  private static String quarantined(Row r) {
    String file = r.getString(r.fieldIndex("file"));
    return String.join(
        " | ",
        r.getString(r.fieldIndex("source")) + " " + file.substring(file.lastIndexOf('/') + 1),
        r.getString(r.fieldIndex("reason")),
        r.getString(r.fieldIndex("raw")));
  }

  private static String accounting(JsonNode s) {
    return String.format(
        "%s read %d = quarantined %d + duplicates %d + golden %d + lost %d",
        s.path("name").asText(),
        s.path("rowsRead").asLong(),
        s.path("rowsQuarantined").asLong(),
        s.path("duplicateKeys").asLong(),
        s.path("rowsInGolden").asLong(),
        s.path("rowsLostConflict").asLong());
  }

  private static String runId() {
    return report().path("runId").asText();
  }

  private static JsonNode report() {
    try {
      return new ObjectMapper().readTree(data.report().toFile());
    } catch (IOException e) {
      throw new AssertionError("Cannot read the report " + data.report(), e);
    }
  }

  private static List<Row> table(String uri) {
    return TestSpark.session().read().format("delta").load(uri).collectAsList();
  }

  private static List<Path> list(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.sorted().toList();
    }
  }
}
