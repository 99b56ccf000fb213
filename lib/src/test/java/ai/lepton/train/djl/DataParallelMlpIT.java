package ai.lepton.train.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.config.ConfigException;
import ai.lepton.data.InputException;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.spark.Progress;
import ai.lepton.testing.StopAfterRound;
import ai.lepton.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataParallelMlpIT {

  static final int FEATURES = 10;
  static SparkSession spark;
  static Dataset<Row> train;
  static float[][] testX;
  static float[] testY;

  @TempDir Path dir;

  @BeforeAll
  static void data() {
    spark = TestSpark.session();
    train = frame(spark, 5000, 1).cache();
    SplittableRandom random = new SplittableRandom(2);
    testX = new float[2000][];
    testY = new float[2000];
    for (int i = 0; i < testX.length; i++) {
      double[] x = features(random);
      testX[i] = toFloat(x);
      testY[i] = label(x, random);
    }
  }

  @Test
  void twoWorkersReachWithinOnePointOfOneWorkerOnTheSameEpochs() {
    MlpTrainingResult one = run(spec(1, 10, 40), dir.resolve("one"), false);
    MlpTrainingResult two = run(spec(2, 10, 20), dir.resolve("two"), false);

    assertThat(one.samples()).isEqualTo(two.samples()).isEqualTo(10L * 40 * 64);
    double accuracyOne = accuracy(one.network());
    double accuracyTwo = accuracy(two.network());
    System.err.printf("accuracy: 1 worker %.4f, 2 workers %.4f%n", accuracyOne, accuracyTwo);
    assertThat(accuracyOne).isGreaterThan(0.85);
    assertThat(accuracyTwo).isCloseTo(accuracyOne, within(0.01));
    assertThat(two.rounds().get(9).loss()).isLessThan(two.rounds().get(0).loss());
    assertThat(two.devices()).containsExactly("cpu()", "cpu()");
  }

  @Test
  void sameSeedGivesIdenticalParametersAndAnotherSeedDoesNot() {
    MlpTrainingResult a = run(spec(2, 3, 10), dir.resolve("a"), false);
    MlpTrainingResult b = run(spec(2, 3, 10), dir.resolve("b"), false);
    MlpTrainingResult other = run(withSeed(spec(2, 3, 10), 8), dir.resolve("c"), false);

    assertIdentical(a.network(), b.network());
    assertThat(a.rounds())
        .extracting(RoundStats::loss)
        .isEqualTo(b.rounds().stream().map(RoundStats::loss).toList());
    assertThat(other.network().layers().get(0).weights()[0])
        .isNotEqualTo(a.network().layers().get(0).weights()[0]);
  }

  @Test
  void aRunKilledBetweenRoundsResumesAndEndsWhereAnUninterruptedRunEnds() {
    MlpSpec spec = spec(2, 5, 10);
    MlpTrainingResult whole = run(spec, dir.resolve("whole"), false);
    String killed = dir.resolve("killed").toString();
    List<String> lines = new CopyOnWriteArrayList<>();
    assertThatThrownBy(
            () ->
                DataParallelMlp.train(
                    train, spec, FEATURES, 1, killed, false, progress(lines), StopAfterRound.at(2)))
        .isInstanceOf(StopAfterRound.Stopped.class);
    assertThat(lines).filteredOn(l -> l.contains("round ")).hasSize(2);

    MlpTrainingResult resumed =
        DataParallelMlp.train(train, spec, FEATURES, 1, killed, true, progress(lines));

    assertThat(resumed.resumedFromRound()).isEqualTo(2);
    assertThat(resumed.rounds()).extracting(RoundStats::round).containsExactly(1, 2, 3, 4, 5);
    assertThat(lines).anyMatch(l -> l.contains("resuming after round 2/5"));
    assertThat(lines).anyMatch(l -> l.contains("round 5/5: loss "));
    assertThat(accuracy(resumed.network())).isCloseTo(accuracy(whole.network()), within(0.002));
    assertIdentical(resumed.network(), whole.network());
  }

  @Test
  void resumingWithoutACheckpointIsAnErrorNotAFreshStart() {
    Path empty = dir.resolve("no-checkpoint-here");

    assertThatThrownBy(() -> run(spec(2, 1, 2), empty, true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("there is no DJL checkpoint in " + empty)
        .hasMessageContaining("without --resume");
  }

  @Test
  void resumingWithOtherSettingsSaysWhichDiffer() {
    Path checkpoint = dir.resolve("ckpt");
    run(spec(2, 1, 2), checkpoint, false);
    MlpSpec changed = new MlpSpec(List.of(16), "relu", 2, 2, 64, 0.05, "adam", 7, 2, "binary");

    assertThatThrownBy(() -> run(changed, checkpoint, true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("learningRate was 0.01, now 0.05")
        .hasMessageContaining("without --resume");
  }

  @Test
  void aLabelThatIsNotAClassIndexIsRefusedWithTheValue() {
    Dataset<Row> bad =
        frame(spark, 50, 3).withColumn("label", org.apache.spark.sql.functions.lit(2.0));
    assertThatThrownBy(
            () ->
                DataParallelMlp.train(
                    bad,
                    spec(2, 1, 1),
                    FEATURES,
                    1,
                    dir.toString(),
                    false,
                    progress(new ArrayList<>())))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("label 2.0 is not valid for task binary");
  }

  @Test
  void multiclassAndRegressionTrainToo() {
    SplittableRandom random = new SplittableRandom(5);
    List<Row> classes = new ArrayList<>();
    List<Row> values = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      double[] x = features(random);
      double cls = x[0] > 0.5 ? 2 : x[0] < -0.5 ? 0 : 1;
      classes.add(RowFactory.create(Vectors.dense(x), cls));
      values.add(RowFactory.create(Vectors.dense(x), 2 * x[1] - x[2] + 0.5));
    }
    MlpSpec multiclass =
        new MlpSpec(List.of(16), "tanh", 4, 30, 32, 0.01, "adam", 3, 2, "multiclass");
    MlpSpec regression = new MlpSpec(List.of(), "relu", 4, 30, 32, 0.05, "sgd", 3, 2, "regression");

    MlpTrainingResult m =
        DataParallelMlp.train(
            spark.createDataFrame(classes, schema()),
            multiclass,
            FEATURES,
            3,
            dir.resolve("m").toString(),
            false,
            progress(new ArrayList<>()));
    MlpTrainingResult r =
        DataParallelMlp.train(
            spark.createDataFrame(values, schema()),
            regression,
            FEATURES,
            1,
            dir.resolve("r").toString(),
            false,
            progress(new ArrayList<>()));

    assertThat(m.finalLoss()).isLessThan(m.rounds().get(0).loss()).isLessThan(0.5);
    float[] p = m.network().apply(toFloat(new double[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    assertThat(p).hasSize(3);
    assertThat(p[2]).isGreaterThan(p[0]).isGreaterThan(0.5f);
    assertThat(r.finalLoss()).isLessThan(0.05);
    assertThat(r.network().layers()).hasSize(1);
    assertThat(r.network().apply(toFloat(new double[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0}))[0])
        .isCloseTo(2.5f, within(0.2f));
  }

  static MlpSpec spec(int workers, int rounds, int localSteps) {
    return new MlpSpec(
        List.of(16), "relu", rounds, localSteps, 64, 0.01, "adam", 7, workers, "binary");
  }

  static MlpSpec withSeed(MlpSpec s, long seed) {
    return new MlpSpec(
        s.hidden(),
        s.activation(),
        s.rounds(),
        s.localSteps(),
        s.batchSize(),
        s.learningRate(),
        s.optimizer(),
        seed,
        s.workers(),
        s.task());
  }

  static MlpTrainingResult run(MlpSpec spec, Path checkpoints, boolean resume) {
    return DataParallelMlp.train(
        train, spec, FEATURES, 1, checkpoints.toString(), resume, progress(new ArrayList<>()));
  }

  static Progress progress(List<String> lines) {
    return new Progress(
        "train",
        spark,
        line -> {
          lines.add(line);
          System.err.println(line);
        },
        0);
  }

  static void assertIdentical(DenseNetwork a, DenseNetwork b) {
    for (int l = 0; l < a.layers().size(); l++) {
      DenseLayer x = a.layers().get(l);
      DenseLayer y = b.layers().get(l);
      assertThat(y.weights()).isDeepEqualTo(x.weights());
      assertThat(y.bias()).containsExactly(x.bias());
    }
  }

  static double accuracy(DenseNetwork network) {
    int right = 0;
    for (int i = 0; i < testX.length; i++) {
      float p = network.apply(testX[i])[0];
      if ((p >= 0.5f ? 1f : 0f) == testY[i]) {
        right++;
      }
    }
    return right / (double) testX.length;
  }

  /** Rows with a learnable, non-linear binary label (about 5 % label noise). */
  static Dataset<Row> frame(SparkSession spark, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = features(random);
      rows.add(RowFactory.create(Vectors.dense(x), (double) label(x, random)));
    }
    return spark.createDataFrame(rows, schema()).repartition(3);
  }

  static StructType schema() {
    return new StructType(
        new StructField[] {
          new StructField("features", new VectorUDT(), false, Metadata.empty()),
          new StructField("label", DataTypes.DoubleType, false, Metadata.empty())
        });
  }

  static double[] features(SplittableRandom random) {
    double[] x = new double[FEATURES];
    for (int i = 0; i < FEATURES; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  static float label(double[] x, SplittableRandom random) {
    double z = 1.2 * x[0] - 0.8 * x[1] + 0.9 * x[2] * x[3] + 0.5 * (x[4] * x[4] - 1) + 0.3 * x[5];
    boolean positive = z > 0;
    if (random.nextDouble() < 0.05) {
      positive = !positive;
    }
    return positive ? 1f : 0f;
  }

  static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
