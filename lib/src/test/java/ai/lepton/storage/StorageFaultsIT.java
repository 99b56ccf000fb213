package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.export.ExportResult;
import ai.lepton.model.ModelFormat;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.storage.emulator.Emulators;
import ai.lepton.testing.DemoReconcileConfig;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.ExportedFiles;
import ai.lepton.testing.FaultProxy;
import ai.lepton.testing.TestModels;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TestStores;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import ml.dmlc.xgboost4j.java.Booster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage that fails: an endpoint nobody listens on, a wrong key, and s3proxy / Azurite behind a
 * {@link FaultProxy} that resets connections, delays responses and cuts bodies. Reads and writes go
 * through the retries of Hadoop's s3a and of the AWS and Azure SDKs and end equal to a run without
 * faults; a store that stays down fails within a bounded time with a {@link StorageException} that
 * names the endpoint, and leaves the golden table and the export's {@code latest} as they were.
 */
@ExtendWith(EmulatorsExtension.class)
class StorageFaultsIT {

  /** With the default retry settings every failure below comes well inside this. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static SparkSession spark;
  private static Emulators emulators;
  private static ObjectStores direct;
  private static String bucket;
  private static String container;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    emulators = EmulatorsExtension.emulators();
    direct = ObjectStores.from(TestStores.config(emulators, ""));
    bucket = TestStores.uniqueName("lepton-faults");
    container = TestStores.uniqueName("lepton-faults");
    ((SupportsBuckets) direct.forUri("s3://" + bucket + "/")).createBucket("s3://" + bucket + "/");
    ((SupportsBuckets) direct.forUri(azure(""))).createBucket(azure(""));
  }

  @AfterAll
  static void cleanUp() {
    ((SupportsBuckets) direct.forUri("s3://" + bucket + "/")).deleteBucket("s3://" + bucket + "/");
    ((SupportsBuckets) direct.forUri(azure(""))).deleteBucket(azure(""));
    direct.close();
  }

  private static String azure(String path) {
    return emulators.azure().wasbUri(container, path);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A store {@code name} for Azurite reached at {@code endpoint}, serving the test container. */
  private static String azureStore(String name, String endpoint) {
    return "lepton.stores."
        + name
        + " { type = azure, account = devstoreaccount1, containers = [\""
        + container
        + "\"], endpoint = \""
        + endpoint
        + "/devstoreaccount1\", emulator = true }\n";
  }

  private LeptonConfig reconcileConfig(String stores, String aws, String azure, String golden) {
    return LeptonConfig.parse(
        stores
            + DemoReconcileConfig.hocon(
                aws,
                azure,
                golden,
                dir.resolve(golden.hashCode() + "-discrepancies").toString(),
                dir.resolve(golden.hashCode() + "-quarantine").toString()));
  }

  /**
   * wasb checks a container it has no key for before it reads its settings, with the Azure Storage
   * SDK's default retries (3, backoff from 3 s): that check alone takes about 25 s.
   */
  private static final Duration WASB_ANONYMOUS_BOUND = Duration.ofSeconds(60);

  /** Runs {@code action}, returns what it threw and asserts it did so within {@link #BOUND}. */
  private static Throwable failsWithinBound(Runnable action) {
    return failsWithin(BOUND, action);
  }

  private static Throwable failsWithin(Duration bound, Runnable action) {
    long start = System.nanoTime();
    Throwable t = catchThrowable(action::run);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.err.printf(
        "StorageFaultsIT: failed in %d ms: %s%n",
        took.toMillis(), t == null ? "nothing thrown" : t.getMessage());
    assertThat(took).as("time to fail").isLessThan(bound);
    return t;
  }

  private static <T> T timed(String what, Supplier<T> action) {
    long start = System.nanoTime();
    T r = action.get();
    System.err.printf(
        "StorageFaultsIT: %s took %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
    return r;
  }

  private static void upload(Path folder, String target) throws IOException {
    try (var files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        String uri = target + f.getFileName();
        try (InputStream in = Files.newInputStream(f)) {
          direct.forUri(uri).write(uri, in);
        }
      }
    }
  }

  // --- an endpoint that cannot be reached, a wrong key ---

  @Test
  void anS3SourceOnAClosedPortFailsFastNamingTheEndpointNotThePath() throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 40, 41);
    int port = closedPort();
    String down = TestStores.uniqueName("lepton-down");
    String secret = "closed-port-secret-0815";
    LeptonConfig config =
        reconcileConfig(
            TestStores.s3Store("down", "http://127.0.0.1:" + port, down, secret),
            "s3a://" + down + "/aws/",
            demo.azureUri(),
            dir.resolve("golden").toString());

    Throwable t = failsWithinBound(() -> Lepton.with(spark).reconcile(config).execute());

    assertThat(t)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE))
        .hasMessageContaining("source 'aws'")
        .hasMessageContaining("the endpoint 127.0.0.1:" + port + " is unreachable")
        .hasMessageContaining("lepton.stores.down.endpoint")
        .hasMessageContaining("retry.max-attempts")
        .hasMessageNotContaining(secret)
        .hasMessageNotContaining("Check that the path exists");
    assertThat(dir.resolve("golden")).doesNotExist();
  }

  @Test
  void aWasbSourceOnAnUnreachableAccountFailsFastNamingTheEndpoint() throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 40, 42);
    int port = closedPort();
    LeptonConfig config =
        reconcileConfig(
            "",
            demo.awsUri(),
            "wasb://data@127.0.0.1:" + port + "/azure/",
            dir.resolve("golden").toString());

    Throwable t =
        failsWithin(WASB_ANONYMOUS_BOUND, () -> Lepton.with(spark).reconcile(config).execute());

    assertThat(t)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE))
        .hasMessageContaining("source 'azure'")
        .hasMessageContaining("the endpoint 127.0.0.1:" + port + " is unreachable")
        .hasMessageContaining("the account in the URI")
        .hasMessageContaining("lepton.store-defaults");
    assertThat(dir.resolve("golden")).doesNotExist();
  }

  @Test
  void aWrongS3SecretIsReportedAsRejectedCredentialsNamingTheKeysNotThePath() throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 40, 43);
    String secret = "not-the-emulator-secret-4242";
    String other = TestStores.uniqueName("lepton-wrong-key");
    ((SupportsBuckets) direct.forUri("s3://" + other + "/")).createBucket("s3://" + other + "/");
    upload(demo.awsPath(), "s3://" + other + "/aws/");
    LeptonConfig config =
        reconcileConfig(
            TestStores.s3Store("wrong-key", emulators.s3().endpoint(), other, secret),
            "s3a://" + other + "/aws/",
            demo.azureUri(),
            dir.resolve("golden").toString());

    Throwable t = failsWithinBound(() -> Lepton.with(spark).reconcile(config).execute());

    assertThat(t)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.BAD_CREDENTIALS))
        .hasMessageContaining("rejected the credentials")
        .hasMessageContaining("lepton.stores.wrong-key.credentials")
        .hasMessageContaining("secret-access-key")
        .hasMessageNotContaining(secret)
        .hasMessageNotContaining("Check that the path exists");
    assertThat(dir.resolve("golden")).doesNotExist();
  }

  // --- through the fault proxy ---

  @Test
  void aReconcileReadsS3ThroughResetsAndDelaysAndAStoreThatStaysDownLeavesGoldenAsItWas()
      throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 120, 44);
    String through = TestStores.uniqueName("lepton-faulty");
    ((SupportsBuckets) direct.forUri("s3://" + through + "/"))
        .createBucket("s3://" + through + "/");
    upload(demo.awsPath(), "s3://" + through + "/aws/");
    String clean = dir.resolve("golden-clean").toString();
    String faulty = dir.resolve("golden-faulty").toString();
    ReconcileResult expected =
        timed(
            "reconcile without faults",
            () ->
                Lepton.with(spark)
                    .reconcile(reconcileConfig("", demo.awsUri(), demo.azureUri(), clean))
                    .execute());

    FaultProxy proxy = FaultProxy.start(emulators.s3().port());
    LeptonConfig config =
        reconcileConfig(
            TestStores.s3Store("faulty", proxy.endpoint(), through, emulators.s3().secretKey()),
            "s3a://" + through + "/aws/",
            demo.azureUri(),
            faulty);
    ReconcileResult r;
    try (proxy) {
      proxy.resetEvery(3).cutEvery(4, 200).delayResponses(30).maxFaults(12);
      r = timed("reconcile through faults", () -> Lepton.with(spark).reconcile(config).execute());
      System.err.println("StorageFaultsIT reconcile through faults: " + proxy.counts());
      assertThat(proxy.resets()).as(proxy.counts()).isPositive();
      assertThat(proxy.delays()).as(proxy.counts()).isPositive();
    }

    assertThat(r.status()).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(r.counts()).isEqualTo(expected.counts());
    Dataset<Row> a = spark.read().format("delta").load(clean).drop("_lepton_run_id");
    Dataset<Row> b = spark.read().format("delta").load(faulty).drop("_lepton_run_id");
    assertThat(b.count()).isEqualTo(demo.truth().keys());
    assertThat(a.exceptAll(b).count()).isZero();
    assertThat(b.exceptAll(a).count()).isZero();

    long version = DeltaTable.forPath(spark, faulty).history(1).head().getAs("version");
    Throwable down = failsWithinBound(() -> Lepton.with(spark).reconcile(config).execute());
    assertThat(down)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE))
        .hasMessageContaining("the endpoint 127.0.0.1:" + proxy.port() + " is unreachable")
        .hasMessageContaining("lepton.stores.faulty.endpoint");
    assertThat(DeltaTable.forPath(spark, faulty).history(1).head().<Long>getAs("version"))
        .isEqualTo(version);
  }

  private static Booster booster() throws Exception {
    return TestModels.xgboostBinary(0.71, 1, 3);
  }

  private Path model(String runId) throws Exception {
    Path local = dir.resolve("model-" + runId);
    TestModels.write(
        local,
        "churn",
        ModelFormat.XGBOOST,
        runId,
        Map.of("xgboost-model", booster().toByteArray()));
    return local;
  }

  private static LeptonConfig exportConfig(String stores, Path model, String s3, String azure) {
    return LeptonConfig.parse(
        stores
            + "lepton.export { model = \""
            + model
            + "\"\n targets = [\n"
            + " { name = aws, type = sagemaker, uri = \""
            + s3
            + "\" }\n"
            + " { name = azure, type = azureml, uri = \""
            + azure
            + "\" } ] }\n");
  }

  @Test
  void anExportWritesThroughResetsAndCutBodiesAndAStoreThatStaysDownLeavesLatestAsItWas()
      throws Exception {
    Path model = model("run-f");
    String s3 = "s3://" + bucket + "/export-faults";
    String az = azure("export-faults");
    FaultProxy s3Proxy = FaultProxy.start(emulators.s3().port());
    FaultProxy azProxy = FaultProxy.start(Emulators.AZURITE_PORT);
    String stores =
        TestStores.s3Store("faulty-s3", s3Proxy.endpoint(), bucket, emulators.s3().secretKey())
            + azureStore("faulty-azure", azProxy.endpoint())
            + "lepton.store-defaults.verify-writes = reread\n";
    ExportResult r;
    try (s3Proxy;
        azProxy) {
      for (FaultProxy p : new FaultProxy[] {s3Proxy, azProxy}) {
        p.resetEvery(3).cutEvery(4, 200).delayResponses(20).maxFaults(10);
      }
      r =
          timed(
              "export through faults",
              () -> Lepton.export(exportConfig(stores, model, s3, az)).execute());
      System.err.println("StorageFaultsIT export through faults: s3 " + s3Proxy.counts());
      System.err.println("StorageFaultsIT export through faults: azure " + azProxy.counts());
      for (FaultProxy p : new FaultProxy[] {s3Proxy, azProxy}) {
        assertThat(p.resets()).as(p.counts()).isPositive();
        assertThat(p.cuts()).as(p.counts()).isPositive();
        assertThat(p.delays()).as(p.counts()).isPositive();
      }
    }

    assertThat(r.targets()).allMatch(t -> t.verified() && t.uploadedBytes() > 0);
    for (String root : new String[] {s3, az}) {
      ExportedFiles.assertMatchManifest(direct, root + "/churn/run-f/");
      assertThat(ExportedFiles.read(direct, root + "/churn/latest")).isEqualTo("run-f\n");
    }

    Path next = model("run-g");
    Throwable down =
        failsWithinBound(() -> Lepton.export(exportConfig(stores, next, s3, az)).execute());
    assertThat(down)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE))
        .hasMessageContaining("127.0.0.1:");
    for (String root : new String[] {s3, az}) {
      assertThat(ExportedFiles.read(direct, root + "/churn/latest")).isEqualTo("run-f\n");
      assertThat(direct.forUri(root).exists(root + "/churn/run-g/manifest.json")).isFalse();
    }
  }
}
