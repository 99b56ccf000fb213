package ai.lepton.benchmarks;

import ai.lepton.model.DenseNetwork;
import ai.lepton.spark.Progress;
import ai.lepton.train.djl.DataParallelMlp;
import ai.lepton.train.djl.MlpSpec;
import ai.lepton.train.djl.MlpTrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Data-parallel DJL MLP training with 1 worker vs 2 workers on the same generated data and the same
 * number of epochs, on local Spark with two task slots: wall time, samples/s, test accuracy and
 * scaling efficiency ({@code (t1 / t2) / 2}).
 *
 * <pre>
 * mvn -B -pl benchmarks -am package -DskipTests
 * java $SPARK_JAVA17_FLAGS -Xmx4g \
 *   -cp 'benchmarks/target/*:benchmarks/target/lib/*:benchmarks/target/spark-lib/*' \
 *   ai.lepton.benchmarks.DjlScalingBenchmark [--rows 200000] [--features 20] [--epochs 3] \
 *   [--rounds 6] [--out benchmarks/results]
 * </pre>
 */
public final class DjlScalingBenchmark {

  private DjlScalingBenchmark() {}

  /** One measured training run. */
  record Run(
      int workers,
      int localSteps,
      double seconds,
      double roundSeconds,
      long samples,
      double accuracy,
      double loss) {
    double samplesPerSecond() {
      return samples / seconds;
    }
  }

  /** The command line; see the class comment. */
  @Command(name = "DjlScalingBenchmark", mixinStandardHelpOptions = true)
  static final class Flags {
    @Option(names = "--rows", description = "rows (default 200000)")
    int rows = 200000;

    @Option(names = "--features", description = "features (default 20)")
    int features = 20;

    @Option(names = "--epochs", description = "epochs (default 3)")
    int epochs = 3;

    @Option(names = "--rounds", description = "synchronisation rounds (default 6)")
    int rounds = 6;

    @Option(names = "--reps", description = "repetitions (default 1)")
    int reps = 1;

    @Option(names = "--out", description = "results folder (default benchmarks/results)")
    Path out = Path.of("benchmarks/results");
  }

  /** Runs the benchmark; see the class comment for arguments. */
  public static void main(String[] args) throws Exception {
    Flags flags = BenchmarkFlags.parse(new Flags(), args);
    int rows = flags.rows;
    int features = flags.features;
    int epochs = flags.epochs;
    int rounds = flags.rounds;
    int reps = flags.reps;
    Path out = flags.out;
    int batch = 128;
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("djl-scaling")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    try {
      Dataset<Row> train = frame(spark, rows, features, 1).cache();
      train.count();
      Data test = data(20_000, features, 2);
      Path work = Files.createTempDirectory("lepton-djl-bench-");
      System.err.println("[bench] warm-up (engine load, JIT)");
      measure(train.limit(4000), spec(2, 2, 10, batch), features, work.resolve("warm"), test);
      String loadBefore = UploadBenchmark.loadAverage();
      long stepsOneWorker = (long) epochs * rows / batch / rounds;
      List<Run> runs = new ArrayList<>();
      for (int rep = 1; rep <= reps; rep++) {
        runs.add(
            measure(
                train,
                spec(1, rounds, (int) stepsOneWorker, batch),
                features,
                work.resolve("w1-" + rep),
                test));
        runs.add(
            measure(
                train,
                spec(2, rounds, (int) (stepsOneWorker / 2), batch),
                features,
                work.resolve("w2-" + rep),
                test));
      }
      String loadAfter = UploadBenchmark.loadAverage();
      Files.createDirectories(out);
      Path md = out.resolve("djl-scaling.md");
      Files.writeString(
          md, markdown(runs, rows, features, epochs, rounds, batch, loadBefore, loadAfter, args));
      System.err.println("[bench] wrote " + md);
      System.out.print(Files.readString(md));
    } finally {
      spark.stop();
    }
    // Spark's barrier tasks leave a non-daemon timer thread in the driver JVM in local mode.
    System.exit(0);
  }

  static MlpSpec spec(int workers, int rounds, int localSteps, int batch) {
    return new MlpSpec(
        List.of(64, 32), "relu", rounds, localSteps, batch, 0.003, "adam", 11, workers, "binary");
  }

  static Run measure(Dataset<Row> train, MlpSpec spec, int features, Path dir, Data test) {
    Progress progress =
        new Progress("bench w" + spec.workers(), train.sparkSession(), System.err::println, 0);
    long start = System.nanoTime();
    MlpTrainingResult result =
        DataParallelMlp.train(train, spec, features, 1, dir.toString(), false, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    Run run =
        new Run(
            spec.workers(),
            spec.localSteps(),
            seconds,
            result.rounds().stream().mapToLong(r -> r.durationMs()).sum() / 1000.0,
            result.samples(),
            accuracy(result.network(), test),
            result.finalLoss());
    System.err.printf(
        Locale.ROOT,
        "[bench] %d worker(s): %.1f s, %,.0f samples/s, accuracy %.4f%n",
        run.workers(),
        run.seconds(),
        run.samplesPerSecond(),
        run.accuracy());
    return run;
  }

  record Data(float[][] x, float[] y) {}

  static double accuracy(DenseNetwork network, Data test) {
    int right = 0;
    for (int i = 0; i < test.y().length; i++) {
      float p = network.apply(test.x()[i])[0];
      if ((p >= 0.5f ? 1f : 0f) == test.y()[i]) {
        right++;
      }
    }
    return right / (double) test.y().length;
  }

  static Data data(int n, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[n][];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double[] row = features(random, features);
      x[i] = new float[features];
      for (int j = 0; j < features; j++) {
        x[i][j] = (float) row[j];
      }
      y[i] = label(row, random);
    }
    return new Data(x, y);
  }

  static Dataset<Row> frame(SparkSession spark, int n, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] x = features(random, features);
      rows.add(RowFactory.create(Vectors.dense(x), (double) label(x, random)));
    }
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("features", new VectorUDT(), false, Metadata.empty()),
              new StructField("label", DataTypes.DoubleType, false, Metadata.empty())
            });
    return spark.createDataFrame(rows, schema).repartition(4);
  }

  static double[] features(SplittableRandom random, int features) {
    double[] x = new double[features];
    for (int i = 0; i < features; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  /** A learnable, non-linear label with 5 % noise: the same signal as DataParallelMlpIT. */
  static float label(double[] x, SplittableRandom random) {
    double z = 1.2 * x[0] - 0.8 * x[1] + 0.9 * x[2] * x[3] + 0.5 * (x[4] * x[4] - 1) + 0.3 * x[5];
    boolean positive = z > 0;
    if (random.nextDouble() < 0.05) {
      positive = !positive;
    }
    return positive ? 1f : 0f;
  }

  static String markdown(
      List<Run> runs,
      int rows,
      int features,
      int epochs,
      int rounds,
      int batch,
      String loadBefore,
      String loadAfter,
      String[] args) {
    Run one = best(runs, 1);
    Run two = best(runs, 2);
    double speedup = one.seconds() / two.seconds();
    StringBuilder b = new StringBuilder();
    b.append("# DJL data-parallel MLP: 1 vs 2 workers\n\n");
    b.append("Produced by `ai.lepton.benchmarks.DjlScalingBenchmark` on ")
        .append(Instant.now())
        .append(":\n\n```\nmvn -B -pl benchmarks -am package -DskipTests\njava ")
        .append(
            String.join(
                " ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
        .append(
            " \\\n  -cp 'benchmarks/target/*:benchmarks/target/lib/*:benchmarks/target/spark-lib/*' \\\n")
        .append("  ai.lepton.benchmarks.DjlScalingBenchmark ")
        .append(String.join(" ", args))
        .append("\n```\n\n");
    b.append("Machine: ").append(Report.machine()).append(".  \n");
    b.append("Load average before / after: ")
        .append(loadBefore)
        .append(" / ")
        .append(loadAfter)
        .append(" (the machine is shared with other builds; numbers move with it).\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Data: %,d generated rows x %d features (binary label, non-linear signal, 5 %% label"
                + " noise), cached; test accuracy on 20,000 other rows. Network %s -> 64 -> 32 -> 1,"
                + " relu, Adam lr 0.003, batch %d, seed 11, %d rounds. Both runs train %d epochs:"
                + " 1 worker takes %d steps per round, each of 2 workers %d steps on its half."
                + " Spark local[2] (two task slots), PyTorch 1 thread per task. Wall time is the"
                + " whole `DataParallelMlp.train` call (sharding, rounds, averaging, checkpoints)"
                + " after a warm-up run that loads the engine.%n%n",
            rows,
            features,
            features,
            batch,
            rounds,
            epochs,
            one.localSteps(),
            two.localSteps()));
    b.append(
        "| workers | steps/round/worker | wall s | rounds s | samples | samples/s (wall) |"
            + " samples/s (rounds) | final loss | test accuracy |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.1f | %.1f | %,d | %,.0f | %,.0f | %.4f | %.4f |%n",
              r.workers(),
              r.localSteps(),
              r.seconds(),
              r.roundSeconds(),
              r.samples(),
              r.samplesPerSecond(),
              r.samples() / r.roundSeconds(),
              r.loss(),
              r.accuracy()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%nFastest run of each (runs alternate 1, 2, 1, 2, ...)."
                + " Speed-up 2 vs 1 worker, wall: **%.2fx** (scaling efficiency %.0f %%); rounds only:"
                + " **%.2fx** (%.0f %%); accuracy difference (2 - 1): %+.2f points.%n",
            speedup,
            50 * speedup,
            one.roundSeconds() / two.roundSeconds(),
            50 * one.roundSeconds() / two.roundSeconds(),
            100 * (two.accuracy() - one.accuracy())));
    return b.toString();
  }

  /** The fastest run with {@code workers} workers (the least disturbed on a shared machine). */
  static Run best(List<Run> runs, int workers) {
    return runs.stream()
        .filter(r -> r.workers() == workers)
        .min(java.util.Comparator.comparingDouble(Run::seconds))
        .orElseThrow();
  }
}
