package ai.lepton.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.export.ExportResult;
import ai.lepton.model.ModelDirectory;
import ai.lepton.monitor.MonitorResult;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import ai.lepton.train.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton.pipeline.retrain = on-drift}: the first run trains (there is no model yet); a run
 * over unchanged sources finds no drift and skips train; a run after {@code x1} shifted in both
 * sources trains, quantizes and exports a new model.
 */
class PipelineRetrainIT {

  @TempDir Path dir;

  @Test
  void onDriftSkipsTrainWithoutDriftAndRetrainsAndExportsOnDrift() throws Exception {
    SparkSession spark = TestSpark.session();
    writeSources(spark, TrainData.rows(spark, 1500, 21, 0));
    LeptonConfig config = LeptonConfig.parse(hocon());
    Progress progress = new Progress("pipeline", spark, System.err::println, 0);

    PipelineResult first =
        Lepton.with(spark).pipeline(config).progress(progress).until("train").execute();
    assertThat(first.retrain().retrained()).isTrue();
    assertThat(first.retrain().reason()).contains("no trained model");
    String model = ((TrainResult) first.steps().get(1)).model().uri();

    PipelineResult same = Lepton.with(spark).pipeline(config).progress(progress).execute();
    assertThat(same.succeeded()).isTrue();
    assertThat(same.steps()).hasSize(2).element(1).isInstanceOf(MonitorResult.class);
    assertThat(((MonitorResult) same.steps().get(1)).drifted()).isFalse();
    assertThat(same.retrain().retrained()).isFalse();
    assertThat(same.retrain().reason()).contains("no drift").contains("on-drift");
    assertThat(latestModel(config)).as("no new model").isEqualTo(model);

    writeSources(
        spark, TrainData.rows(spark, 1500, 21, 0).withColumn("x1", functions.col("x1").plus(1.5)));
    PipelineResult drifted = Lepton.with(spark).pipeline(config).progress(progress).execute();
    assertThat(drifted.succeeded()).as(String.valueOf(drifted.reason())).isTrue();
    assertThat(drifted.retrain().retrained()).isTrue();
    assertThat(drifted.retrain().reason())
        .startsWith("drift since the model was trained")
        .contains("x1");
    assertThat(drifted.steps())
        .extracting(s -> s.getClass().getSimpleName())
        .containsExactly(
            "ReconcileResult", "MonitorResult", "TrainResult", "QuantizeResult", "ExportResult");
    ReconcileResult reconciled = (ReconcileResult) drifted.steps().get(0);
    TrainResult retrained = (TrainResult) drifted.steps().get(2);
    assertThat(retrained.input().version()).isEqualTo(reconciled.golden().version());
    assertThat(retrained.model().uri()).isNotEqualTo(model);
    assertThat(latestModel(config)).isEqualTo(retrained.model().uri());
    ExportResult exported = (ExportResult) drifted.steps().get(4);
    assertThat(exported.succeeded()).isTrue();
    assertThat(Files.list(dir.resolve("serving")).toList()).isNotEmpty();
  }

  private void writeSources(SparkSession spark, Dataset<Row> rows) {
    for (String copy : new String[] {"a", "b"}) {
      rows.write().mode("overwrite").parquet(dir.resolve("src-" + copy).toString());
    }
  }

  private String latestModel(LeptonConfig config) {
    try (ObjectStores stores = ObjectStores.from(config)) {
      return ModelDirectory.resolve(dir.resolve("work/models/model").toString(), stores);
    }
  }

  private String hocon() {
    return TrainData.binaryConfig("", "mllib.logistic-regression", dir.resolve("work").toString())
        + """
        lepton {
          reconcile {
            key = ["id"]
            resolve.policy = "priority"
            sources = [
              { name = a, uri = "%1$s/src-a", format = parquet }
              { name = b, uri = "%1$s/src-b", format = parquet }
            ]
            output {
              golden = "%1$s/golden", discrepancies = "%1$s/discrepancies"
              quarantine = "%1$s/quarantine"
            }
          }
          quantize.gate { timing-ms = 50, min-size-ratio = 0, min-speed-ratio = 0 }
          export.targets = [ { name = "local", type = "local", uri = "%1$s/serving" } ]
          pipeline.retrain = "on-drift"
        }
        """
            .formatted(dir);
  }
}
