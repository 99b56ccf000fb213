package ai.lepton.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.train.TrainResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains MLlib GBT, XGBoost and the DJL MLP (2 data-parallel workers) on the same generated data in
 * one run, through {@code lepton train}'s action, and records wall time, training rows/s and test
 * AUC of each.
 *
 * <pre>
 * mvn -B -pl benchmarks -am package -DskipTests -Drapids.skip=true
 * java $SPARK_JAVA17_FLAGS -Xmx4g \
 *   -cp 'benchmarks/target/*:benchmarks/target/lib/*:benchmarks/target/spark-lib/*' \
 *   ai.lepton.benchmarks.TrainBenchmark [--rows 200000] [--features 20] [--rounds 30]
 *   [--out benchmarks/results]
 * </pre>
 */
public final class TrainBenchmark {

  private TrainBenchmark() {}

  /** One measured training run. */
  record Run(
      String algorithm,
      long trainRows,
      double wallSeconds,
      double trainingSeconds,
      double rowsPerSecond,
      double testAuc,
      double testAccuracy) {}

  /** The command line; see the class comment. */
  @Command(name = "TrainBenchmark", mixinStandardHelpOptions = true)
  static final class Flags {
    @Option(names = "--rows", description = "rows (default 200000)")
    long rows = 200_000;

    @Option(names = "--features", description = "features (default 20)")
    int features = 20;

    @Option(names = "--rounds", description = "boosting rounds / epochs (default 30)")
    int rounds = 30;

    @Option(names = "--out", description = "results folder (default benchmarks/results)")
    Path out = Path.of("benchmarks/results");
  }

  /** Runs the benchmark; see the class comment for arguments. */
  public static void main(String[] args) throws IOException {
    Flags flags = BenchmarkFlags.parse(new Flags(), args);
    long rows = flags.rows;
    int features = flags.features;
    int rounds = flags.rounds;
    Path out = flags.out;
    Path work = Files.createTempDirectory("lepton-train-bench");
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("train-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    String table = work.resolve("data").toString();
    generate(spark, rows, features).write().format("delta").save(table);
    List<Run> runs = new ArrayList<>();
    for (String algorithm : List.of("mllib.gbt", "xgboost", "djl.mlp")) {
      TrainResult r =
          Lepton.with(spark)
              .train(LeptonConfig.parse(config(table, work, algorithm, features, rounds)))
              .execute();
      runs.add(
          new Run(
              algorithm,
              r.rows().train(),
              r.durationMs() / 1000.0,
              r.trainingMs() / 1000.0,
              r.rowsPerSecond(),
              r.metrics().get("test").getOrDefault("auc", Double.NaN),
              r.metrics().get("test").get("accuracy")));
      System.err.println("[bench] " + runs.get(runs.size() - 1));
    }
    spark.stop();
    Files.createDirectories(out);
    Files.writeString(out.resolve("train.md"), markdown(runs, rows, features, rounds, args));
    System.out.print(markdown(runs, rows, features, rounds, args));
    // djl.mlp's barrier tasks leave a non-daemon timer thread in the driver JVM in local mode.
    System.exit(0);
  }

  static Dataset<Row> generate(SparkSession spark, long rows, int features) {
    List<Column> cols = new ArrayList<>();
    cols.add(col("id").cast("string").as("id"));
    Column score = lit(0.0);
    for (int i = 0; i < features; i++) {
      cols.add(randn(100 + i).as("f" + i));
    }
    Dataset<Row> base = spark.range(0, rows, 1, 4).select(cols.toArray(new Column[0]));
    for (int i = 0; i < features; i++) {
      double w = (i % 3 == 0 ? 1.0 : i % 3 == 1 ? -0.5 : 0.25) / Math.sqrt(features / 4.0);
      Column f = col("f" + i);
      score = score.plus(i % 5 == 4 ? f.multiply(f).minus(1).multiply(w) : f.multiply(w));
    }
    score = score.plus(randn(7).multiply(0.5));
    return base.withColumn("label", when(score.gt(0), "yes").otherwise("no"));
  }

  private static String config(
      String table, Path work, String algorithm, int features, int rounds) {
    StringBuilder numeric = new StringBuilder();
    for (int i = 0; i < features; i++) {
      numeric.append(i == 0 ? "" : ", ").append("\"f").append(i).append('"');
    }
    return """
        lepton {
          work-dir = "%s"
          track.enabled = false
          train {
            input.table = "%s"
            features { key = "id", label = "label", task = "binary", numeric = [%s] }
            algorithm = "%s"
            mllib { max-iter = %d, max-depth = 5, step-size = 0.3 }
            xgboost { num-round = %d, max-depth = 5, eta = 0.3, nthread = 1 }
            djl { hidden = [64, 32], rounds = %d, local-steps = 200, batch-size = 256, workers = 2 }
          }
        }
        """
        .formatted(work.resolve("work"), table, numeric, algorithm, rounds, rounds, rounds);
  }

  static String markdown(List<Run> runs, long rows, int features, int rounds, String[] args) {
    StringBuilder md = new StringBuilder();
    md.append("# Training: MLlib GBT vs XGBoost vs DJL MLP on the same data\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Generated %,d rows x %d numeric features (binary label, non-linear signal + noise),"
                + " 80/10/10 split; %d trees / rounds of depth 5 each. Measured %s.%n%n",
            rows,
            features,
            rounds,
            Instant.now()));
    md.append("Command: `TrainBenchmark ").append(String.join(" ", args)).append("`\n\n");
    md.append("Machine: ").append(Report.machine()).append("\n\n");
    md.append(
        "| algorithm | train rows | wall s | training s | train rows/s | test AUC | test acc |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f | %.1f | %,.0f | %.4f | %.4f |%n",
              r.algorithm(),
              r.trainRows(),
              r.wallSeconds(),
              r.trainingSeconds(),
              r.rowsPerSecond(),
              r.testAuc(),
              r.testAccuracy()));
    }
    md.append("\nTraining speed (train rows/s) relative to MLlib GBT, the baseline:");
    for (Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              " %s %.2fx;",
              r.algorithm(),
              r.rowsPerSecond() / runs.get(0).rowsPerSecond()));
    }
    md.append("\n");
    return md.toString();
  }
}
