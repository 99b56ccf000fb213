package ai.lepton.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DurablePathsTest {

  @Test
  void aLocalRunsTableUnderAClusterMasterIsRefusedNamingTheKeyAndAnExample() {
    assertThatThrownBy(
            () ->
                DurablePaths.require(
                    "spark://10.0.0.1:7077",
                    "lepton.track.runs",
                    "/home/hadoop/lepton-work/runs",
                    "s3a://my-bucket/lepton/runs"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.track.runs resolves to /home/hadoop/lepton-work/runs")
        .hasMessageContaining("Spark runs on a cluster (spark://10.0.0.1:7077)")
        .hasMessageContaining("lepton.track.runs = \"s3a://my-bucket/lepton/runs\"");
  }

  @Test
  void fileUrisAreLocalToo() {
    assertThatThrownBy(
            () ->
                DurablePaths.require("yarn", "lepton.train.model.uri", "file:/tmp/m", "s3a://b/m"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.train.model.uri resolves to file:/tmp/m");
  }

  @Test
  void objectStoreUrisUnderAClusterAndAnythingUnderLocalSparkPass() {
    assertThatCode(
            () -> {
              DurablePaths.require("yarn", "k", "s3a://bucket/runs", "x");
              DurablePaths.require("yarn", "k", "abfss://c@a.dfs.core.windows.net/runs", "x");
              DurablePaths.require("local[2]", "k", "/tmp/runs", "x");
              DurablePaths.require("local-cluster[2,1,1024]", "k", "/tmp/runs", "x");
              DurablePaths.require("yarn", "k", "/Volumes/main/lepton/files/runs", "x");
              DurablePaths.require("yarn", "k", "/dbfs/lepton/runs", "x");
              DurablePaths.require("yarn", "k", "file:///Volumes/main/lepton/runs", "x");
            })
        .doesNotThrowAnyException();
  }

  @Test
  void aUriAsWorkDirIsRefusedSayingWhichKeysToSet() {
    LeptonConfig config = LeptonConfig.parse("lepton.work-dir = \"s3a://bucket/lepton\"");

    assertThatThrownBy(() -> DurablePaths.workDir(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.work-dir is a local folder")
        .hasMessageContaining("s3a://bucket/lepton")
        .hasMessageContaining("lepton.track.runs")
        .hasMessageContaining("lepton.train.model.uri");
  }

  @Test
  void aRelativeWorkDirIsAnAbsoluteLocalFolder() {
    LeptonConfig config = LeptonConfig.parse("lepton.work-dir = \"scratch/lepton\"");

    assertThat(DurablePaths.workDir(config))
        .isEqualTo(Path.of("scratch/lepton").toAbsolutePath().normalize());
  }
}
