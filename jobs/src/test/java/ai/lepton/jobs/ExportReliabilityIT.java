package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.export.ExportResult;
import ai.lepton.model.ModelFormat;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.ExportedFiles;
import ai.lepton.testing.TestModels;
import ai.lepton.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports that die or race, on s3proxy: an export SIGKILLed mid-publish (some files uploaded,
 * before {@code manifest.json} and {@code latest}) never shows a partial version, and the re-run
 * completes it; two exports to one target started together both end with {@code latest} on a
 * complete version. {@code latest} is watched throughout: it never names a version whose manifest
 * is missing.
 */
@ExtendWith(EmulatorsExtension.class)
class ExportReliabilityIT {

  private static String storesConfig;
  private static ObjectStores stores;
  private static String bucket;

  @TempDir Path dir;

  @BeforeAll
  static void bucket() {
    storesConfig =
        EmulatorsExtension.emulators().storesConfig(TestStores.S3, TestStores.AZURE) + "\n";
    stores = ObjectStores.from(LeptonConfig.parse(storesConfig));
    bucket = "s3://" + TestStores.uniqueName("lepton-export-rel") + "/";
    ((SupportsBuckets) stores.forUri(bucket)).createBucket(bucket);
  }

  @AfterAll
  static void cleanUp() {
    ((SupportsBuckets) stores.forUri(bucket)).deleteBucket(bucket);
    stores.close();
  }

  /** A sealed ONNX model whose file is {@code bytes} random bytes (incompressible). */
  private Path model(String runId, int bytes) {
    byte[] data = new byte[bytes];
    new Random(runId.hashCode()).nextBytes(data);
    Path model = dir.resolve("model-" + runId);
    TestModels.write(model, "churn", ModelFormat.ONNX, runId, Map.of("model.onnx", data));
    return model;
  }

  private static String exportConfig(Path model, String prefix) {
    return storesConfig
        + "lepton.export { model = \""
        + model
        + "\", targets = [ { name = aws, type = sagemaker, uri = \""
        + bucket
        + prefix
        + "\" } ] }\nlepton.track.enabled = false\n";
  }

  @Test
  void anExportKilledMidPublishIsNeverLatestAndTheRerunCompletesIt() throws Exception {
    String folder = bucket + "kill/churn/";
    ExportResult first =
        Lepton.export(LeptonConfig.parse(exportConfig(model("r1", 1000), "kill"))).execute();
    assertThat(first.succeeded()).isTrue();
    // model.tar.gz (16 MB, uploaded in parts and read back) follows endpoint-config.json
    Path conf = dir.resolve("export.conf");
    Files.writeString(conf, exportConfig(model("r2", 16 << 20), "kill"));

    KilledCli killed =
        KilledCli.run(
            dir.resolve("cwd"),
            line -> line.contains("aws: uploaded ") && line.contains("/r2/endpoint-config.json"),
            "export",
            "-c",
            conf.toString());

    assertThat(killed.killed()).as(killed.tail()).isTrue();
    ObjectStore store = stores.forUri(folder);
    assertThat(store.exists(folder + "r2/endpoint-config.json")).isTrue();
    assertThat(store.exists(folder + "r2/" + "manifest.json"))
        .as("killed before the manifest")
        .isFalse();
    assertThat(ExportedFiles.read(stores, folder + "latest")).isEqualTo("r1\n");

    LatestWatch watch = new LatestWatch(folder);
    ExportResult rerun;
    try {
      rerun = Lepton.export(LeptonConfig.parse(Files.readString(conf))).execute();
    } finally {
      watch.stop();
    }

    assertThat(rerun.succeeded()).isTrue();
    ExportResult.Target t = rerun.targets().get(0);
    assertThat(t.filesUploaded()).as("endpoint-config.json was kept").isEqualTo(t.files() - 1);
    assertThat(ExportedFiles.read(stores, folder + "latest")).isEqualTo("r2\n");
    ExportedFiles.assertMatchManifest(stores, folder + "r2/");
    ExportedFiles.assertMatchManifest(stores, folder + "r1/");
    watch.assertLatestWasAlwaysComplete();
  }

  @Test
  void twoExportsToOneTargetStartedTogetherLeaveLatestOnACompleteVersion() throws Exception {
    String folder = bucket + "race/churn/";
    Path same = model("r3", 200_000);
    List<String> configs =
        List.of(
            exportConfig(same, "race"),
            exportConfig(same, "race"),
            exportConfig(model("r4", 200_000), "race"),
            exportConfig(model("r5", 200_000), "race"));
    LatestWatch watch = new LatestWatch(folder);
    List<Object> outcomes = new ArrayList<>();
    try {
      outcomes.addAll(together(configs.subList(0, 2)));
      outcomes.addAll(together(configs.subList(2, 4)));
    } finally {
      watch.stop();
    }

    for (Object o : outcomes) {
      if (o instanceof Throwable e) {
        assertThat(e.getMessage()).as("a loser names the target").contains(folder);
      } else {
        assertThat(((ExportResult) o).succeeded()).isTrue();
      }
    }
    assertThat(outcomes)
        .as("at least one of each pair won")
        .hasAtLeastOneElementOfType(ExportResult.class);
    assertThat(outcomes.subList(2, 4)).hasAtLeastOneElementOfType(ExportResult.class);
    String latest = ExportedFiles.read(stores, folder + "latest").trim();
    assertThat(latest).isIn("r4", "r5");
    for (String version : List.of("r3", latest)) {
      ExportedFiles.assertMatchManifest(stores, folder + version + "/");
    }
    watch.assertLatestWasAlwaysComplete();
    assertThat(watch.reads.get()).as("latest was watched while they ran").isPositive();
  }

  /** Runs the exports at the same instant; each outcome is its result or its exception. */
  private static List<Object> together(List<String> configs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(configs.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    for (String c : configs) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  return (Object) Lepton.export(LeptonConfig.parse(c)).execute();
                } catch (RuntimeException e) {
                  return e;
                }
              }));
    }
    start.countDown();
    List<Object> out = new ArrayList<>();
    for (Future<Object> f : futures) {
      out.add(f.get(2, TimeUnit.MINUTES));
    }
    pool.shutdown();
    return out;
  }

  /**
   * Reads {@code latest} over and over on its own thread and records every time it names a version
   * without a manifest.json.
   */
  private static final class LatestWatch {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> incomplete = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    private final Thread thread;

    LatestWatch(String folder) {
      ObjectStore store = stores.forUri(folder);
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  if (store.stat(folder + "latest").isPresent()) {
                    String version = ExportedFiles.read(stores, folder + "latest").trim();
                    reads.incrementAndGet();
                    if (!store.exists(folder + version + "/manifest.json")) {
                      incomplete.add(version);
                    }
                  }
                }
              },
              "latest-watch");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    void assertLatestWasAlwaysComplete() {
      assertThat(incomplete).as("versions latest named before their manifest existed").isEmpty();
    }
  }
}
