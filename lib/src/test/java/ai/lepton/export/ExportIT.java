package ai.lepton.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelFormat;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.StorageException;
import ai.lepton.testing.Archives;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.ExportedFiles;
import ai.lepton.testing.TestBuckets;
import ai.lepton.testing.TestModels;
import ai.lepton.testing.TestStores;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export from a model directory on s3proxy to a SageMaker target on s3proxy and an Azure ML target
 * on Azurite: checksums, idempotence, a killed export, bad credentials.
 */
@ExtendWith(EmulatorsExtension.class)
class ExportIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static String storesConfig;
  private static ObjectStores stores;
  private static TestBuckets buckets;
  private static String bucket;
  private static String container;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    storesConfig =
        EmulatorsExtension.emulators().storesConfig(TestStores.S3, TestStores.AZURE) + "\n";
    stores = ObjectStores.from(LeptonConfig.parse(storesConfig));
    buckets = TestBuckets.create(stores, "s3", "lepton-export");
    bucket = buckets.bucket();
    container = buckets.container();
  }

  @AfterAll
  static void cleanUp() {
    buckets.close();
    stores.close();
  }

  private static Booster booster() throws Exception {
    return TestModels.xgboostBinary(0.53, 2, 4);
  }

  /** Seals an XGBoost model locally and publishes it to s3proxy; returns its URI. */
  private String publishModel(String runId, Booster booster) throws Exception {
    Path local = tmp.resolve("model-" + runId);
    TestModels.write(
        local, "churn", ModelFormat.XGBOOST, runId, Map.of("xgboost-model", booster.toByteArray()));
    String uri = bucket + "models/churn/" + runId;
    ModelDirectory.publish(local, uri, stores);
    return uri;
  }

  private LeptonConfig config(String model, String prefix) {
    return LeptonConfig.parse(
        storesConfig
            + "lepton.export { model = \""
            + model
            + "\"\n targets = [\n"
            + " { name = aws, type = sagemaker, uri = \""
            + bucket
            + prefix
            + "\", capacity = 3, latency-ms = 50, cost-per-hour = 1.2 }\n"
            + " { name = azure, type = azureml, uri = \""
            + container
            + prefix
            + "\", capacity = 2, latency-ms = 80, cost-per-hour = 0.9 } ] }\n");
  }

  @Test
  void publishesToS3AndAzureVerifiedAndReExportUploadsNothing() throws Exception {
    Booster booster = booster();
    String model = publishModel("run-a", booster);
    LeptonConfig config = config(model, "serving");

    ExportResult r = Lepton.export(config).execute();

    assertThat(r.targets()).allMatch(t -> t.verified() && t.uploadedBytes() > 0);
    String aws = bucket + "serving/churn/run-a/";
    String azure = container + "serving/churn/run-a/";
    ExportedFiles.assertMatchManifest(stores, aws);
    ExportedFiles.assertMatchManifest(stores, azure);
    try (InputStream in = stores.forUri(aws).open(aws + "model.tar.gz")) {
      Map<String, byte[]> entries = Archives.unpack(in);
      assertThat(entries.keySet()).containsExactly("xgboost-model");
      DMatrix rows = new DMatrix(new float[] {0.1f, 0.9f, -0.3f, 0.2f}, 1, 4, Float.NaN);
      assertThat(XGBoost.loadModel(entries.get("xgboost-model")).predict(rows))
          .isDeepEqualTo(booster.predict(rows));
    }
    assertThat(
            JSON.readTree(ExportedFiles.read(stores, aws + "sagemaker-model.json"))
                .at("/PrimaryContainer/ModelDataUrl")
                .asText())
        .isEqualTo(aws + "model.tar.gz");
    assertThat(YAML.readTree(ExportedFiles.read(stores, azure + "model.yml")).get("path").asText())
        .isEqualTo(
            "https://devstoreaccount1.blob.core.windows.net/"
                + container.substring("wasb://".length(), container.indexOf('@'))
                + "/serving/churn/run-a/custom_model");
    assertThat(stores.forUri(azure).exists(azure + "score/score.py")).isTrue();
    assertThat(ExportedFiles.read(stores, bucket + "serving/churn/latest")).isEqualTo("run-a\n");
    assertThat(ExportedFiles.read(stores, container + "serving/churn/latest")).isEqualTo("run-a\n");
    JsonNode routing =
        JSON.readTree(ExportedFiles.read(stores, container + "serving/churn/routing.json"));
    assertThat(routing.at("/targets/0/percent").asInt()).isEqualTo(64);
    assertThat(routing.at("/targets/1/percent").asInt()).isEqualTo(36);
    assertThat(ExportedFiles.read(stores, bucket + "serving/churn/routing.json"))
        .isEqualTo(ExportedFiles.read(stores, container + "serving/churn/routing.json"));
    JsonNode route53 =
        JSON.readTree(
            ExportedFiles.read(
                stores, container + "serving/churn/traffic/route53-change-batch.json"));
    assertThat(route53.at("/Changes/0/ResourceRecordSet/Weight").asInt()).isEqualTo(64);
    assertThat(route53.at("/Changes/1/ResourceRecordSet/Weight").asInt()).isEqualTo(36);
    for (String f :
        List.of(
            "route53-change-batch.json",
            "traffic-manager.json",
            "sagemaker-endpoint-config.json",
            "azureml-endpoint-churn.yml")) {
      assertThat(ExportedFiles.read(stores, bucket + "serving/churn/traffic/" + f))
          .isEqualTo(ExportedFiles.read(stores, container + "serving/churn/traffic/" + f));
    }

    ExportResult again = Lepton.export(config).execute();
    assertThat(again.targets()).allMatch(t -> t.upToDate() && t.uploadedBytes() == 0);
  }

  @Test
  void aKilledExportIsNeverVisibleAndTheRerunCompletesIt() throws Exception {
    Booster booster = booster();
    Lepton.export(config(publishModel("run-b", booster), "kill")).execute();
    LeptonConfig v2 = config(publishModel("run-c", booster), "kill");
    List<String> uploads = new ArrayList<>();
    Runnable latestHasManifest =
        () -> {
          for (String root : List.of(bucket, container)) {
            String version = ExportedFiles.read(stores, root + "kill/churn/latest").trim();
            assertThat(
                    stores.forUri(root).exists(root + "kill/churn/" + version + "/manifest.json"))
                .as("latest names %s on %s", version, root)
                .isTrue();
          }
        };

    assertThatThrownBy(
            () ->
                Lepton.export(v2)
                    .onUpload(
                        uri -> {
                          latestHasManifest.run();
                          uploads.add(uri);
                          if (uploads.size() == 4) {
                            throw new IllegalStateException("killed after 4 uploads");
                          }
                        })
                    .execute())
        .hasMessage("killed after 4 uploads");
    assertThat(stores.forUri(bucket).exists(bucket + "kill/churn/run-c/manifest.json")).isTrue();
    assertThat(stores.forUri(container).exists(container + "kill/churn/run-c/manifest.json"))
        .isFalse();
    assertThat(ExportedFiles.read(stores, container + "kill/churn/latest")).isEqualTo("run-b\n");

    List<String> rerunUploads = new ArrayList<>();
    ExportResult rerun =
        Lepton.export(v2)
            .onUpload(
                uri -> {
                  latestHasManifest.run();
                  rerunUploads.add(uri);
                })
            .execute();

    assertThat(rerunUploads).doesNotContainAnyElementsOf(uploads);
    assertThat(rerun.targets().get(0).upToDate()).isTrue();
    assertThat(rerun.targets().get(1).filesUploaded())
        .isEqualTo(rerun.targets().get(1).files() - 1);
    ExportedFiles.assertMatchManifest(stores, container + "kill/churn/run-c/");
    assertThat(ExportedFiles.read(stores, container + "kill/churn/latest")).isEqualTo("run-c\n");
  }

  @Test
  void aStoreRejectingTheCredentialsStopsTheExportBeforeAnyUpload() throws Exception {
    String model = publishModel("run-d", booster());
    String secret = "not-the-emulator-secret-4711";
    String badBucket = TestStores.uniqueName("lepton-export-denied");
    LeptonConfig config =
        LeptonConfig.parse(
            storesConfig
                + TestStores.s3Store(
                    "wrong-key", EmulatorsExtension.emulators().s3().endpoint(), badBucket, secret)
                + "lepton.export { model = \""
                + model
                + "\"\n targets = [\n { name = azure, type = azureml, uri = \""
                + container
                + "denied\" }\n { name = aws, type = sagemaker, uri = \"s3://"
                + badBucket
                + "/serving\" } ] }\n");

    assertThatThrownBy(() -> Lepton.export(config).execute())
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.BAD_CREDENTIALS))
        .hasMessageContaining("lepton.stores.wrong-key.credentials")
        .hasMessageNotContaining(secret);
    assertThat(stores.forUri(container).list(container + "denied")).isEmpty();
  }
}
