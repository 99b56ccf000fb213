package ai.lepton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume} continues on the version the run started on, or refuses. */
class TrainResumeIT {

  @TempDir Path dir;

  @Test
  void resumingAfterTheTableMovedIsRefusedNamingBothVersions() {
    SparkSession spark = TestSpark.session();
    String table = dir.resolve("golden").toString();
    TrainData.rows(spark, 40, 3, 0).write().format("delta").save(table);
    LeptonConfig config =
        LeptonConfig.parse(
            TrainData.binaryConfig(table, "djl.mlp", dir.resolve("work").toString())
                + "\nlepton.track.enabled = false\n");
    TrainConfig tc = TrainConfig.from(config);
    String runId = "20261206-160000-abc123";
    // what a djl.mlp run records when it starts on version 0, before its first checkpoint
    InputPin.write(
        TrainAction.checkpointUri(tc, runId), table, 0, spark.sparkContext().hadoopConfiguration());
    TrainData.rows(spark, 10, 4, 100).write().format("delta").mode("append").save(table);

    assertThatThrownBy(() -> Lepton.with(spark).train(config).resume(runId).execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot resume run "
                + runId
                + ": it trained on "
                + table
                + " at version 0, but this"
                + " run would read "
                + table
                + " at version 1 (the table has moved on")
        .hasMessageContaining("--set lepton.train.input.version=0")
        .hasMessageContaining("start a new run on version 1 without --resume");

    LeptonConfig pinned =
        LeptonConfig.parse(
            TrainData.binaryConfig(table, "djl.mlp", dir.resolve("work").toString())
                + "\nlepton.track.enabled = false\nlepton.train.input.version = 0\n");
    assertThatThrownBy(() -> Lepton.with(spark).train(pinned).resume(runId).execute())
        .as("on the pinned version the resume goes on, to the checkpoint it then needs")
        .hasMessageContaining("Cannot resume: there is no DJL checkpoint in");
    assertThat(dir.resolve("work/models/model").toFile().list())
        .as("no model was published, only the run's checkpoint folder is there")
        .containsExactly("_checkpoints");
  }
}
