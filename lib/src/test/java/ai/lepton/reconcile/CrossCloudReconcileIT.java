package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.storage.HadoopStoreConf;
import ai.lepton.storage.ObjectStores;
import ai.lepton.testing.DemoReconcileConfig;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestBuckets;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconcile with the AWS copy in s3proxy (s3a://) and the Azure copy in Azurite (wasb://): golden
 * tables on either cloud (Azure in the incremental test, S3 in the sync test), file-level change
 * detection, and sync both ways.
 */
@ExtendWith(EmulatorsExtension.class)
class CrossCloudReconcileIT {

  private static SparkSession spark;
  private static ObjectStores stores;
  private static TestBuckets buckets;
  private static String bucket;
  private static String container;
  private static String storesConfig;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    storesConfig =
        EmulatorsExtension.emulators().storesConfig(TestStores.S3, TestStores.AZURE) + "\n";
    LeptonConfig config = LeptonConfig.parse(storesConfig);
    HadoopStoreConf.apply(config, spark);
    stores = ObjectStores.from(config);
    buckets = TestBuckets.create(stores, "s3a", "lepton-xcloud");
    bucket = buckets.bucket();
    container = buckets.container();
  }

  @AfterAll
  static void cleanUp() {
    buckets.close();
    stores.close();
  }

  /** Generates the demo dataset and uploads its two copies; returns it. */
  private DemoDataset upload(String prefix, long rows, long seed) throws IOException {
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), rows, seed);
    copyFolder(demo.awsPath(), bucket + prefix + "/aws/");
    copyFolder(demo.azurePath(), container + prefix + "/azure/");
    return demo;
  }

  private static void copyFolder(Path folder, String target) throws IOException {
    try (var files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        String uri = target + f.getFileName();
        try (InputStream in = Files.newInputStream(f)) {
          stores.forUri(uri).write(uri, in);
        }
      }
    }
  }

  private LeptonConfig config(String prefix, String golden, String extra) {
    return LeptonConfig.parse(
        storesConfig
            + DemoReconcileConfig.hocon(
                bucket + prefix + "/aws/",
                container + prefix + "/azure/",
                golden,
                dir.resolve(prefix + "-discrepancies").toString(),
                dir.resolve(prefix + "-quarantine").toString())
            + extra);
  }

  /**
   * Checks a run's result against the generator's truth and the golden table written on a cloud.
   */
  private static void assertMatchesTheTruth(ReconcileResult r, DemoDataset demo, String golden) {
    assertThat(r.status()).as(golden).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(r.counts().keys()).isEqualTo(demo.truth().keys());
    assertThat(r.counts().conflicting()).isEqualTo(demo.truth().conflicting());
    assertThat(r.counts().missing()).isEqualTo(demo.truth().missingIn());
    assertThat(r.sources()).allMatch(ReconcileResult.Source::balanced);
    assertThat(spark.read().format("delta").load(golden).count()).isEqualTo(demo.truth().keys());
  }

  @Test
  void onlyChangedObjectsAreReadAndTheResultEqualsAFullRunWithTheGoldenTableOnAzure()
      throws IOException {
    DemoDataset demo = upload("incr", 600, 32);
    String golden = container + "incr/golden";
    LeptonConfig config = config("incr", golden, "");
    ReconcileResult first = Lepton.with(spark).reconcile(config).execute();
    assertMatchesTheTruth(first, demo, golden);
    assertThat(first.sources()).allMatch(s -> s.bytesRead() > 0 && s.filesSkipped() == 0);

    ReconcileResult second = Lepton.with(spark).reconcile(config).execute();
    for (ReconcileResult.Source s : second.sources()) {
      assertThat(s.bytesRead()).as(s.name()).isZero();
      assertThat(s.filesSkipped()).as(s.name()).isEqualTo(DemoDataset.PARTS);
    }

    String object = container + "incr/azure/part-00002.json";
    String text = readAll(object);
    String first3 = text.lines().limit(3).reduce("", (a, b) -> a + b + "\n");
    String changed =
        text.replace(first3, first3.replaceAll("\"balance\":[-0-9.]+", "\"balance\":0.01"));
    assertThat(changed).isNotEqualTo(text);
    byte[] bytes = changed.getBytes(StandardCharsets.UTF_8);
    stores.forUri(object).write(object, new ByteArrayInputStream(bytes));

    ReconcileResult third = Lepton.with(spark).reconcile(config).execute();
    ReconcileResult.Source azure = third.sources().get(1);
    assertThat(azure.filesRead()).isEqualTo(1);
    assertThat(azure.bytesRead()).isEqualTo(bytes.length);
    assertThat(azure.filesSkipped()).isEqualTo(DemoDataset.PARTS - 1);
    assertThat(third.sources().get(0).bytesRead()).isZero();

    String fullGolden = dir.resolve("full-golden").toString();
    ReconcileResult full =
        Lepton.with(spark)
            .reconcile(config("incr", fullGolden, "lepton.reconcile.incremental = false"))
            .execute();
    assertThat(full.counts()).isEqualTo(third.counts());
    Dataset<Row> a = spark.read().format("delta").load(golden).drop("_lepton_run_id");
    Dataset<Row> b = spark.read().format("delta").load(fullGolden).drop("_lepton_run_id");
    assertThat(a.exceptAll(b).count()).isZero();
    assertThat(b.exceptAll(a).count()).isZero();
  }

  @Test
  void syncWritesBackToBothCloudsAndMirrorsTheGoldenTableOnS3AcrossThem() throws IOException {
    DemoDataset demo = upload("sync", 300, 33);
    String golden = bucket + "sync/golden";
    LeptonConfig config = config("sync", golden, "");
    assertMatchesTheTruth(Lepton.with(spark).reconcile(config).execute(), demo, golden);

    String mirror = container + "sync/golden-mirror";
    SyncResult sync =
        Lepton.with(spark)
            .sync(config)
            .writeBack("aws")
            .writeBack("azure")
            .mirrorTo(mirror)
            .execute();
    assertThat(sync.writeBacks()).noneMatch(SyncResult.WriteBack::upToDate);
    assertThat(sync.mirrors().get(0).filesCopied()).isPositive();
    Dataset<Row> g = spark.read().format("delta").load(golden);
    Dataset<Row> m = spark.read().format("delta").load(mirror);
    assertThat(m.exceptAll(g).count()).isZero();
    assertThat(g.exceptAll(m).count()).isZero();

    SyncResult again =
        Lepton.with(spark)
            .sync(config)
            .writeBack("aws")
            .writeBack("azure")
            .mirrorTo(mirror)
            .execute();
    assertThat(again.writeBacks()).allMatch(SyncResult.WriteBack::upToDate);
    assertThat(again.mirrors().get(0).filesCopied()).isZero();

    ReconcileResult after = Lepton.with(spark).reconcile(config).execute();
    assertThat(after.counts().conflicting()).isZero();
    assertThat(after.counts().matched()).isEqualTo(after.counts().keys());
  }

  private static String readAll(String uri) throws IOException {
    try (InputStream in = stores.forUri(uri).open(uri)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
