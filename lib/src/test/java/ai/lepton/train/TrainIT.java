package ai.lepton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.InputException;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.storage.ObjectStores;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainIT {

  @TempDir static Path dir;
  static SparkSession spark;
  static String table;

  @BeforeAll
  static void writeTable() {
    spark = TestSpark.session();
    table = dir.resolve("train_table").toString();
    TrainData.rows(spark, 2000, 11, 0).write().format("delta").save(table);
  }

  private static LeptonConfig config(String algorithm, String extra) {
    return LeptonConfig.parse(
        TrainData.binaryConfig(table, algorithm, dir.resolve("work").toString()) + "\n" + extra);
  }

  @ParameterizedTest(name = "{0} beats AUC {1} and reloads to identical predictions")
  @CsvSource({
    "mllib.logistic-regression, 0.90",
    "mllib.gbt, 0.88",
    "mllib.random-forest, 0.88",
    "xgboost, 0.88",
    "djl.mlp, 0.88"
  })
  void eachAlgorithmLearnsTheSignalAndReloadsIdentically(String algorithm, double floor) {
    LeptonConfig config = config(algorithm, "");
    TrainResult result = Lepton.with(spark).train(config).execute();

    assertThat(result.status()).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(result.metrics().get("test").get("auc")).isGreaterThan(floor);
    assertThat(result.metrics().get("validation").get("accuracy")).isGreaterThan(0.75);
    assertThat(result.metrics().get("test")).containsKeys("auc", "accuracy", "logLoss", "f1");
    assertThat(result.rows().train() + result.rows().validation() + result.rows().test())
        .isEqualTo(2000);

    try (ObjectStores stores = ObjectStores.from(config)) {
      LeptonModelTransformer reloaded = LeptonModel.load(result.model().uri(), stores);
      ModelManifest m = reloaded.manifest();
      assertThat(m.algorithm()).isEqualTo(algorithm);
      assertThat(m.input().version()).isEqualTo(result.input().version());
      assertThat(m.lineage()).containsEntry("trainRunId", result.runId());
      assertThat(m.metrics().get("test")).isEqualTo(result.metrics().get("test"));
      if (algorithm.equals("xgboost")) {
        assertThat(m.files()).containsKey(ModelLoaders.XGBOOST_FILE);
      }
      if (algorithm.equals("djl.mlp")) {
        assertThat(m.files()).containsKeys("model/block.json", "model/mlp-0000.params");
      }
      TrainingSet set =
          FeaturePrep.prepare(spark.read().format("delta").load(table), TrainConfig.from(config));
      Map<String, Double> again = Metrics.of(reloaded.transform(set.test()), "binary");
      Map<String, Double> recorded = result.metrics().get("test");
      for (String metric : List.of("accuracy", "logLoss", "f1")) {
        assertThat(again.get(metric)).as(metric).isEqualTo(recorded.get(metric));
      }
      // AUC's sums may run in another order; the predictions it ranks are the same.
      assertThat(again.get("auc")).isCloseTo(recorded.get("auc"), within());
      FeaturePrep.release(set);
    }
  }

  @Test
  void regressionAndMulticlassTrain() {
    String regression =
        "lepton.train.features { label = y, task = regression }\n"
            + "lepton.train.model.name = reg";
    TrainResult r =
        Lepton.with(spark).train(config("mllib.logistic-regression", regression)).execute();
    assertThat(r.metrics().get("test").get("r2")).isGreaterThan(0.95);
    assertThat(r.metrics().get("test")).containsKeys("rmse", "mae");

    String multi = "lepton.train.features { label = tier, task = multiclass }";
    TrainResult x = Lepton.with(spark).train(config("xgboost", multi)).execute();
    assertThat(x.metrics().get("test").get("accuracy")).isGreaterThan(0.8);
    try (ObjectStores stores = ObjectStores.from(config("xgboost", multi))) {
      Dataset<Row> scored =
          LeptonModel.load(x.model().uri(), stores)
              .transform(spark.read().format("delta").load(table).limit(5));
      assertThat(scored.schema().apply("probability").dataType().simpleString())
          .isEqualTo("array<double>");
      List<Double> p = scored.first().getList(scored.schema().fieldIndex("probability"));
      assertThat(p).hasSize(3);
      assertThat(p.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within());
    }
  }

  @Test
  void encodingColumnMatchesFeatureSignatureEncode() {
    TrainConfig c = TrainConfig.from(config("mllib.logistic-regression", ""));
    Dataset<Row> rows =
        spark
            .read()
            .format("delta")
            .load(table)
            .limit(20)
            .withColumn(
                "color",
                functions
                    .when(functions.col("id").equalTo("k3"), functions.lit(null))
                    .when(functions.col("id").equalTo("k4"), functions.lit("purple"))
                    .otherwise(functions.col("color")));
    TrainingSet set = FeaturePrep.prepare(spark.read().format("delta").load(table), c);
    FeatureSignature sig = set.signature();
    FeaturePrep.release(set);
    assertThat(sig.categorical().get(0).values()).containsExactly("blue", "green", "red");
    List<Row> encoded = rows.withColumn("f", Encoding.features(sig)).collectAsList();
    for (Row r : encoded) {
      Map<String, Object> raw = new HashMap<>();
      for (String col : sig.inputColumns()) {
        Object v = r.get(r.fieldIndex(col));
        raw.put(col, v instanceof Integer i ? (Object) i.doubleValue() : v);
      }
      float[] expected = sig.encode(raw);
      assertThat(Encoding.toFloats((Vector) r.get(r.fieldIndex("f")))).containsExactly(expected);
    }
  }

  @Test
  void lineagePinsTheDeltaVersionAndReproducesTheEarlierModel() throws Exception {
    String t = dir.resolve("lineage_table").toString();
    TrainData.rows(spark, 1500, 5, 0).write().format("delta").save(t);
    String base =
        TrainData.binaryConfig(t, "mllib.logistic-regression", dir.resolve("lw").toString());
    LeptonConfig latest = LeptonConfig.parse(base);
    TrainResult first = Lepton.with(spark).train(latest).execute();
    assertThat(first.input().version()).isEqualTo(0);

    TrainData.rows(spark, 1500, 6, 0, true).write().format("delta").mode("overwrite").save(t);
    assertThat(TrainInput.read(spark, t, -1).version()).isEqualTo(1);

    TrainResult pinned =
        Lepton.with(spark)
            .train(LeptonConfig.parse(base + "\nlepton.train.input.version = 0"))
            .execute();
    assertThat(pinned.input().version()).isEqualTo(0);
    for (String split : List.of("validation", "test")) {
      assertThat(pinned.metrics().get(split).get("logLoss"))
          .isEqualTo(first.metrics().get(split).get("logLoss"));
      assertThat(pinned.metrics().get(split).get("auc"))
          .isCloseTo(first.metrics().get(split).get("auc"), within());
    }

    try (ObjectStores stores = ObjectStores.from(latest)) {
      ModelManifest m = ModelDirectory.read(pinned.model().uri(), stores);
      assertThat(m.input()).isEqualTo(new ModelManifest.InputTable(t, 0));
    }
    List<RunRecord> runs = RunsTable.at(spark, latest).list("train", 3);
    assertThat(runs).extracting(RunRecord::runId).containsExactly(pinned.runId(), first.runId());
    assertThat(runs.get(0).inputs()).containsEntry(t, 0L);
    assertThat(runs.get(0).status()).isEqualTo("succeeded");
    assertThat(runs.get(0).artifacts()).containsExactly(pinned.model().uri());
    assertThat(runs.get(0).metrics()).containsKey("test.auc");
  }

  @Test
  void badInputsGetClearErrors() {
    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .train(
                        config("mllib.logistic-regression", "lepton.train.features.label = gone"))
                    .execute())
        .isInstanceOf(InputException.class)
        .hasMessageContaining("Column 'gone' (lepton.train.features.label) is not in the input");

    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .train(
                        config(
                            "mllib.logistic-regression",
                            "lepton.train.features.numeric = [x1, color]\n"
                                + "lepton.train.features.categorical = []"))
                    .execute())
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'color'")
        .hasMessageContaining("must be numeric but is string");

    String single = dir.resolve("single_class").toString();
    TrainData.rows(spark, 200, 3, 0)
        .withColumn("outcome", functions.lit("yes"))
        .write()
        .format("delta")
        .save(single);
    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .train(
                        LeptonConfig.parse(
                            TrainData.binaryConfig(
                                single, "mllib.gbt", dir.resolve("w2").toString())))
                    .execute())
        .isInstanceOf(InputException.class)
        .hasMessageContaining("single class")
        .hasMessageContaining("[yes]");
  }

  @Test
  void nullFeaturesAreDroppedAndCountedOrImputed() {
    String t = dir.resolve("nulls_table").toString();
    TrainData.rows(spark, 600, 9, 0)
        .withColumn(
            "x1",
            functions
                .when(functions.col("id").endsWith("7"), functions.lit(Double.NaN))
                .when(functions.col("id").endsWith("3"), functions.lit(null))
                .otherwise(functions.col("x1")))
        .write()
        .format("delta")
        .save(t);
    String base =
        TrainData.binaryConfig(t, "mllib.logistic-regression", dir.resolve("nw").toString());
    TrainingSet dropped =
        FeaturePrep.prepare(
            spark.read().format("delta").load(t), TrainConfig.from(LeptonConfig.parse(base)));
    FeaturePrep.release(dropped);
    assertThat(dropped.counts().droppedNullFeature()).isEqualTo(120);
    assertThat(dropped.counts().train() + dropped.counts().validation() + dropped.counts().test())
        .isEqualTo(480);
    TrainResult imputed =
        Lepton.with(spark)
            .train(LeptonConfig.parse(base + "\nlepton.train.features.null-policy = impute"))
            .execute();
    assertThat(imputed.rows().droppedNullFeature()).isZero();
    assertThat(imputed.rows().train() + imputed.rows().validation() + imputed.rows().test())
        .isEqualTo(600);
  }

  @Test
  void aPinnedVersionThatIsGoneNamesTheOldestAvailable() throws Exception {
    String t = dir.resolve("vacuumed").toString();
    for (int v = 0; v <= 10; v++) {
      TrainData.rows(spark, 20, v, v * 20)
          .coalesce(1)
          .write()
          .format("delta")
          .mode("append")
          .save(t);
    }
    Path log = Path.of(t, "_delta_log");
    assertThat(log.resolve("00000000000000000010.checkpoint.parquet")).exists();
    for (int v = 0; v < 4; v++) {
      Files.delete(log.resolve(String.format("%020d.json", v)));
    }
    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .train(
                        LeptonConfig.parse(
                            TrainData.binaryConfig(t, "xgboost", dir.resolve("w3").toString())
                                + "\nlepton.train.input.version = 2"))
                    .execute())
        .isInstanceOf(InputException.class)
        .hasMessageContaining("Cannot read version 2")
        .hasMessageContaining("no longer exists")
        .hasMessageContaining("oldest available version is 4")
        .hasMessageContaining("lepton.train.input.version");
  }

  @Test
  void cudaWithoutGpuFailsFastAndTheJvmSurvives() {
    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .train(config("xgboost", "lepton.train.xgboost.device = cuda"))
                    .execute())
        .isInstanceOf(TrainException.class)
        .hasMessageContaining(
            "lepton.train.xgboost.device = cuda, but this Spark session has no GPU")
        .hasMessageContaining("conf/gpu-cluster.conf");
    assertThat(spark.range(3).count()).isEqualTo(3);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
