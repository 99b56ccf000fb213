package ai.lepton.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import ai.lepton.testing.StopAfterRound;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import ai.lepton.train.LeptonModel;
import ai.lepton.train.TrainResult;
import ai.lepton.train.djl.DjlMlpFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distillation of an XGBoost teacher trained by lepton train on generated data. The student's speed
 * against the teacher is a benchmark figure ({@code DistillBenchmark}), not asserted here.
 */
class DistillIT {

  @TempDir static Path dir;
  static SparkSession spark;
  static String teacher;
  static DistillResult uninterrupted;

  @BeforeAll
  static void trainTeacher() {
    spark = TestSpark.session();
    String table = dir.resolve("table").toString();
    TrainData.rows(spark, 5000, 11, 0).write().format("delta").save(table);
    LeptonConfig train =
        LeptonConfig.parse(
            TrainData.binaryConfig(table, "xgboost", dir.resolve("work").toString())
                + "\nlepton.train.xgboost { num-round = 100, max-depth = 6 }"
                + "\nlepton.train.model.name = teacher");
    TrainResult t = Lepton.with(spark).train(train).execute();
    teacher = t.model().uri();
  }

  static LeptonConfig config(String output, String extra) {
    return LeptonConfig.parse(
        """
        lepton {
          work-dir = "%s"
          distill {
            teacher = "%s"
            output = "%s"
            student { hidden = [8], rounds = 4, local-steps = 50, workers = 2 }
            # speed is measured by DistillBenchmark (benchmarks/results/distill.md), not gated
            # in a test: this gate holds agreement, metric drop and the 5x size bound
            gate { timing-ms = 50, min-speed-ratio = 0 }
          }
        }
        """
                .formatted(dir.resolve("work"), teacher, dir.resolve(output))
            + extra);
  }

  static synchronized DistillResult uninterrupted() {
    if (uninterrupted == null) {
      uninterrupted = Lepton.with(spark).distill(config("student", "")).execute();
    }
    return uninterrupted;
  }

  @Test
  void aSmallStudentAgreesWithTheXgboostTeacherAndIsAtLeastFiveTimesSmaller() throws Exception {
    DistillResult r = uninterrupted();
    System.err.printf(
        "distill: teacher %d bytes %.0f rows/s auc %.4f; student %d bytes %.0f rows/s auc %.4f;"
            + " student ONNX %.0f rows/s; agreement %.4f size %.1fx speed %.2fx (via DJL %.2fx)%n",
        r.teacher().bytes(),
        r.teacher().rowsPerSecondPerCore(),
        r.teacher().metric(),
        r.student().bytes(),
        r.student().rowsPerSecondPerCore(),
        r.student().metric(),
        r.studentOnnxRowsPerSecondPerCore(),
        r.gate().agreement(),
        r.gate().sizeRatio(),
        r.gate().speedRatio(),
        r.djlSpeedRatio());

    assertThat(r.gate().failures()).as(r.toString()).isEmpty();
    assertThat(r.succeeded()).isTrue();
    assertThat(r.gate().agreement()).isGreaterThanOrEqualTo(0.9);
    // size: the files each model loads to score, deterministic for this data and seed
    assertThat(r.gate().sizeRatio()).isGreaterThanOrEqualTo(5.0);
    assertThat(r.student().bytes() * 5).isLessThanOrEqualTo(r.teacher().bytes());
    assertThat(r.student().bytes())
        .isEqualTo(
            ModelDirectory.verifyLocal(dir.resolve("student")).files().entrySet().stream()
                .filter(e -> e.getKey().startsWith("model/"))
                .mapToLong(e -> e.getValue().size())
                .sum());
    // speed: only that both were timed; the ratio is DistillBenchmark's figure
    assertThat(r.teacher().rowsPerSecondPerCore()).isPositive();
    assertThat(r.studentOnnxRowsPerSecondPerCore()).isPositive();
    assertThat(r.gate().speedRatio())
        .isCloseTo(
            r.studentOnnxRowsPerSecondPerCore() / r.teacher().rowsPerSecondPerCore(),
            org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.student().metric()).isGreaterThan(0.85);
    assertThat(r.training().rounds()).isEqualTo(4);
    assertThat(r.training().workers()).isEqualTo(2);

    Path out = dir.resolve("student");
    ModelManifest m = ModelDirectory.verifyLocal(out);
    assertThat(m.format()).isEqualTo(ModelFormat.DJL);
    assertThat(m.algorithm()).isEqualTo("djl.mlp");
    assertThat(m.lineage())
        .containsEntry("teacher", teacher)
        .containsEntry("teacherAlgorithm", "xgboost")
        .containsEntry("distillRunId", r.runId());
    assertThat(m.gate().passed()).isTrue();
    assertThat(m.exportable()).isTrue();
    assertThat(m.params()).containsEntry("split.seed", 7);
    // a normal Lepton model: it loads and scores like any other
    try (ObjectStores stores = ObjectStores.from(config("student", ""))) {
      List<Row> scored =
          LeptonModel.load(out.toString(), stores)
              .transform(spark.read().format("delta").load(dir.resolve("table").toString()))
              .select("probability")
              .limit(5)
              .collectAsList();
      assertThat(scored).hasSize(5).allMatch(row -> row.getDouble(0) >= 0 && row.getDouble(0) <= 1);
    }
  }

  @Test
  void aStoppedDistillResumesAndEndsWithTheSameStudentAsAnUninterruptedOne() throws Exception {
    DistillResult whole = uninterrupted();
    List<String> lines = new ArrayList<>();
    Progress progress = new Progress("distill", spark, lines::add, 60_000);
    assertThatThrownBy(
            () ->
                new DistillAction(spark, config("killed", ""))
                    .progress(progress)
                    .afterCheckpoint(StopAfterRound.at(2))
                    .execute())
        .isInstanceOf(StopAfterRound.Stopped.class);
    String runId =
        lines.stream()
            .filter(l -> l.contains("--resume "))
            .map(l -> l.substring(l.indexOf("--resume ") + 9, l.lastIndexOf(')')))
            .findFirst()
            .orElseThrow();

    DistillResult resumed =
        Lepton.with(spark).distill(config("killed", "")).resume(runId).execute();

    assertThat(resumed.runId()).isEqualTo(runId);
    assertThat(resumed.training().resumedFromRound()).isEqualTo(2);
    assertThat(resumed.training().rounds()).isEqualTo(4);
    // same seed, same 2 barrier tasks: the same parameters, bit for bit
    assertThat(
            ModelDirectory.verifyLocal(dir.resolve("killed"))
                .files()
                .get("model/" + DjlMlpFiles.PARAMS_FILE)
                .sha256())
        .isEqualTo(
            ModelDirectory.verifyLocal(dir.resolve("student"))
                .files()
                .get("model/" + DjlMlpFiles.PARAMS_FILE)
                .sha256());
    assertThat(resumed.gate().agreement()).isEqualTo(whole.gate().agreement());
    // the checkpoints went to the student's store and were removed once it was published
    assertThat(dir.resolve("killed-checkpoints")).isDirectory();
    assertThat(dir.resolve("killed-checkpoints").resolve(runId)).doesNotExist();
  }

  @Test
  void badSettingsAreRefusedBeforeAnyWork() {
    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .distill(config("bad", "lepton.distill.temperature = 0"))
                    .execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.distill.temperature must be > 0");
    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .distill(config("bad", "lepton.distill.student.activation = gelu"))
                    .execute())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.distill.student.activation");
  }
}
