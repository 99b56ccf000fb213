package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.emulator.Emulators;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -c} reads config files from S3 and Azure Blob through the stores, layered with local ones.
 */
@ExtendWith(EmulatorsExtension.class)
class ConfigSourcesIT {

  @TempDir static Path dir;

  private static ObjectStores stores;
  private static String bucket;
  private static String container;
  private static Path storesFile;

  @BeforeAll
  static void putConfigsOnBothStores() throws Exception {
    Emulators emulators = EmulatorsExtension.emulators();
    stores = ObjectStores.from(TestStores.config(emulators, ""));
    bucket = "s3a://" + TestStores.uniqueName("lepton-conf") + "/";
    container =
        "wasbs://"
            + TestStores.uniqueName("lepton-conf")
            + "@devstoreaccount1.blob.core.windows.net/";
    for (String b : List.of(bucket, container)) {
      ((SupportsBuckets) stores.forUri(b)).createBucket(b);
    }
    put(bucket + "conf/train.conf", "lepton.train.model.name = \"from-s3\"\n");
    put(
        container + "conf/track.conf",
        "lepton.track.runs = \"s3a://lake/runs\"\nlepton.train.model.name = \"from-azure\"\n");
    storesFile = dir.resolve("stores.conf");
    Files.writeString(storesFile, emulators.storesConfig(TestStores.S3, TestStores.AZURE));
  }

  @AfterAll
  static void removeBuckets() {
    if (stores != null) {
      for (String b : List.of(bucket, container)) {
        ((SupportsBuckets) stores.forUri(b)).deleteBucket(b);
      }
      stores.close();
    }
  }

  private static void put(String uri, String text) {
    stores.forUri(uri).write(uri, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void configsOnS3AndAzureLayerLeftToRightAfterALocalOne() {
    LeptonConfig config =
        ConfigSources.load(
            List.of(
                storesFile.toString(), bucket + "conf/train.conf", container + "conf/track.conf"),
            List.of("lepton.train.algorithm=xgboost"));

    assertThat(config.raw().getString("lepton.train.model.name")).isEqualTo("from-azure");
    assertThat(config.raw().getString("lepton.track.runs")).isEqualTo("s3a://lake/runs");
    assertThat(config.raw().getString("lepton.train.algorithm")).isEqualTo("xgboost");
  }

  @Test
  void aMissingRemoteConfigIsAConfigErrorNamingTheUri() {
    String missing = bucket + "conf/missing.conf";

    assertThatThrownBy(() -> ConfigSources.load(List.of(storesFile.toString(), missing), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot read config file " + missing)
        .hasMessageContaining("Check the URI given with -c");
  }
}
