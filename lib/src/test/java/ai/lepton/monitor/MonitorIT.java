package ai.lepton.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.storage.ObjectStores;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained on version 0 of a table; version 1 shifts {@code x1} by one standard deviation
 * and leaves {@code x2} and {@code color} as they were.
 */
class MonitorIT {

  @TempDir static Path dir;
  static SparkSession spark;
  static String table;
  static LeptonConfig config;
  static ModelManifest model;
  static MonitorResult drifted;

  @BeforeAll
  static void trainOnVersionZeroThenShiftX1() {
    spark = TestSpark.session();
    table = dir.resolve("golden").toString();
    TrainData.rows(spark, 2000, 11, 0).write().format("delta").save(table);
    config =
        LeptonConfig.parse(
            TrainData.binaryConfig(
                table, "mllib.logistic-regression", dir.resolve("work").toString()));
    String uri = Lepton.with(spark).train(config).execute().model().uri();
    try (ObjectStores stores = ObjectStores.from(config)) {
      model = ModelDirectory.read(uri, stores);
    }
    TrainData.rows(spark, 2000, 12, 5000)
        .withColumn("x1", functions.col("x1").plus(1.0))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(table);
    drifted = Lepton.with(spark).monitor(config).execute();
  }

  @Test
  void theShiftedFeatureExceedsItsThresholdAndTheStableOneStaysBelow() {
    MonitorResult r = drifted;

    assertThat(r.status()).isEqualTo(JobResult.Status.DRIFT);
    assertThat(r.training().version()).isZero();
    assertThat(r.current().version()).isEqualTo(1);
    assertThat(r.current().rows()).isEqualTo(2000);
    assertThat(r.finding("x1", "psi").orElseThrow().verdict()).isEqualTo("drift");
    assertThat(r.finding("x1", "ks").orElseThrow().verdict()).isEqualTo("drift");
    assertThat(r.finding("x2", "psi").orElseThrow().value()).isLessThan(0.2);
    assertThat(r.finding("x2", "ks").orElseThrow().verdict()).isEqualTo("ok");
    assertThat(r.finding("color", "psi").orElseThrow().verdict()).isEqualTo("ok");
    assertThat(r.finding("color", "unseen_share").orElseThrow().value()).isZero();
    assertThat(r.finding("x1", "null_rate_change").orElseThrow().value()).isZero();
    assertThat(r.finding(MonitorAction.PREDICTION, "psi").orElseThrow().verdict())
        .as("the scores move with x1")
        .isEqualTo("drift");
    assertThat(r.finding("outcome", "psi")).as("the new rows have labels").isPresent();
    assertThat(r.findings().get(0).feature()).as("worst first").isIn("x1", "prediction");
    assertThat(r.message()).contains("x1");

    Dataset<Row> drift =
        spark.read().format("delta").load(r.driftTable()).filter("run_id = '" + r.runId() + "'");
    assertThat(drift.count()).isEqualTo(r.findings().size());
    List<Row> x = drift.filter("feature in ('x1', 'x2') and statistic = 'psi'").collectAsList();
    assertThat(x)
        .extracting(
            row -> row.getAs("feature") + ":" + row.getAs("verdict") + "@" + row.getAs("threshold"))
        .containsExactlyInAnyOrder("x1:drift@0.2", "x2:ok@0.2");
    assertThat(x)
        .allSatisfy(
            row -> {
              assertThat(row.<Long>getAs("training_version")).isZero();
              assertThat(row.<Long>getAs("current_version")).isEqualTo(1L);
              assertThat(row.<String>getAs("model")).isEqualTo(model.name());
            });
    List<RunRecord> runs = RunsTable.at(spark, config).list("monitor", 5);
    assertThat(runs).extracting(RunRecord::runId).contains(r.runId());
  }

  @Test
  void psiAndKsMatchADirectComputation() {
    MonitorResult r = drifted;
    SplitRule split = SplitRule.of(model, null);
    Dataset<Row> v0 = spark.read().format("delta").option("versionAsOf", 0).load(table);
    double[] before = values(split.select(v0, "id", "train"), "x1");
    double[] after = values(spark.read().format("delta").load(table), "x1");
    double[] edges = r.psiEdges().get("x1").stream().mapToDouble(Double::doubleValue).toArray();

    assertThat(edges).hasSize(9);
    for (int j = 0; j <= edges.length; j++) {
      assertThat(share(before, edges, j))
          .as("decile %d of the training rows", j)
          .isCloseTo(0.1, within(0.01));
    }
    double psi = 0;
    for (int j = 0; j <= edges.length; j++) {
      double e = Math.max(share(before, edges, j), 1e-4);
      double a = Math.max(share(after, edges, j), 1e-4);
      psi += (a - e) * Math.log(a / e);
    }
    assertThat(r.finding("x1", "psi").orElseThrow().value()).isCloseTo(psi, within(1e-9));

    double exactKs = exactKs(before, after);
    double ks = r.finding("x1", "ks").orElseThrow().value();
    assertThat(ks).isLessThanOrEqualTo(exactKs + 1e-12).isCloseTo(exactKs, within(0.02));
    assertThat(exactKs).isGreaterThan(0.3);
  }

  @Test
  void theSameVersionShowsNoDrift() {
    LeptonConfig same =
        LeptonConfig.parse(
            TrainData.binaryConfig(
                    table, "mllib.logistic-regression", dir.resolve("work").toString())
                + "\nlepton.monitor.version = 0");
    MonitorResult r = Lepton.with(spark).monitor(same).execute();

    assertThat(r.status()).as(r.message()).isEqualTo(JobResult.Status.SUCCEEDED);
    assertThat(r.exceeded()).isZero();
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.verdict()).isEqualTo("ok"));
    assertThat(r.message()).startsWith("no drift");
  }

  private static double[] values(Dataset<Row> rows, String column) {
    return rows.select(column).collectAsList().stream()
        .mapToDouble(row -> row.getDouble(0))
        .toArray();
  }

  /** Share of {@code x} in bucket {@code j}: {@code edges[j-1] < x <= edges[j]}. */
  private static double share(double[] x, double[] edges, int j) {
    double lo = j == 0 ? Double.NEGATIVE_INFINITY : edges[j - 1];
    double hi = j == edges.length ? Double.POSITIVE_INFINITY : edges[j];
    return (double) Arrays.stream(x).filter(v -> v > lo && v <= hi).count() / x.length;
  }

  /** The supremum of |F1 - F2| over every observed value. */
  private static double exactKs(double[] a, double[] b) {
    double[] all =
        java.util.stream.DoubleStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
    double ks = 0;
    for (double t : all) {
      double fa = (double) Arrays.stream(a).filter(v -> v <= t).count() / a.length;
      double fb = (double) Arrays.stream(b).filter(v -> v <= t).count() / b.length;
      ks = Math.max(ks, Math.abs(fa - fb));
    }
    return ks;
  }
}
