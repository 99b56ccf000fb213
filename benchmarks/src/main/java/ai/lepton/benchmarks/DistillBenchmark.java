package ai.lepton.benchmarks;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.distill.DistillResult;
import ai.lepton.train.TrainResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Teacher vs distilled student vs the same student trained on the labels only, in one run: an
 * XGBoost teacher trained by {@code lepton train} on generated data, then {@code lepton distill}
 * twice with the same student and seed, once on soft targets ({@code teacher-weight 0.7,
 * temperature 2}) and once with {@code teacher-weight 0} (labels only, so the benchmark shows
 * whether distillation helps). Records model bytes, rows/s per core (through each model's Lepton
 * predictor, and the student as fp32 ONNX), test AUC and agreement with the teacher.
 *
 * <pre>
 * java $SPARK_JAVA17_FLAGS -Xmx4g \
 *   -cp 'benchmarks/target/*:benchmarks/target/lib/*:benchmarks/target/spark-lib/*' \
 *   ai.lepton.benchmarks.DistillBenchmark [--rows 50000] [--features 20] [--trees 100]
 *   [--hidden 16] [--out benchmarks/results]
 * </pre>
 */
public final class DistillBenchmark {

  private DistillBenchmark() {}

  /** The command line; see the class comment. */
  @Command(name = "DistillBenchmark", mixinStandardHelpOptions = true)
  static final class Flags {
    @Option(names = "--rows", description = "training rows (default 50000)")
    long rows = 50_000;

    @Option(names = "--features", description = "features (default 20)")
    int features = 20;

    @Option(names = "--trees", description = "the teacher's trees (default 100)")
    int trees = 100;

    @Option(names = "--hidden", description = "the student's hidden units (default 16)")
    int hidden = 16;

    @Option(names = "--out", description = "results folder (default benchmarks/results)")
    Path out = Path.of("benchmarks/results");
  }

  /** Runs the benchmark; see the class comment for arguments. */
  public static void main(String[] args) throws IOException {
    Flags flags = BenchmarkFlags.parse(new Flags(), args);
    long rows = flags.rows;
    int features = flags.features;
    int trees = flags.trees;
    int hidden = flags.hidden;
    Path out = flags.out;
    Path work = Files.createTempDirectory("lepton-distill-bench");
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("distill-benchmark")
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
    TrainBenchmark.generate(spark, rows, features).write().format("delta").save(table);
    TrainResult teacher =
        Lepton.with(spark)
            .train(LeptonConfig.parse(trainConfig(table, work, features, trees)))
            .execute();
    Map<String, DistillResult> students = new LinkedHashMap<>();
    for (double weight : new double[] {0.7, 0.0}) {
      String name = weight > 0 ? "student (distilled)" : "student (labels only)";
      DistillResult r =
          Lepton.with(spark)
              .distill(
                  LeptonConfig.parse(
                      distillConfig(work, teacher.model().uri(), hidden, weight, name)))
              .execute();
      students.put(name, r);
      System.err.println("[bench] " + name + ": " + r);
    }
    spark.stop();
    String md = markdown(students, rows, features, trees, hidden, args);
    Files.createDirectories(out);
    Files.writeString(out.resolve("distill.md"), md);
    System.out.print(md);
    // djl.mlp's barrier tasks leave a non-daemon timer thread in the driver JVM in local mode.
    System.exit(0);
  }

  private static String trainConfig(String table, Path work, int features, int trees) {
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
            algorithm = "xgboost"
            xgboost { num-round = %d, max-depth = 6, eta = 0.3, nthread = 1 }
            model.name = "teacher"
          }
        }
        """
        .formatted(work.resolve("work"), table, numeric, trees);
  }

  private static String distillConfig(
      Path work, String teacher, int hidden, double weight, String name) {
    return """
        lepton {
          work-dir = "%s"
          track.enabled = false
          distill {
            teacher = "%s"
            output = "%s"
            teacher-weight = %s
            temperature = 2.0
            student { hidden = [%d], rounds = 10, local-steps = 200, batch-size = 128, workers = 2 }
            gate.timing-ms = 1000
          }
        }
        """
        .formatted(
            work.resolve("work"),
            teacher,
            work.resolve(name.replaceAll("[^a-z]+", "-")),
            weight,
            hidden);
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String markdown(
      Map<String, DistillResult> students,
      long rows,
      int features,
      int trees,
      int hidden,
      String[] args) {
    DistillResult any = students.values().iterator().next();
    StringBuilder md = new StringBuilder();
    md.append("# Distillation: XGBoost teacher vs small djl.mlp student vs labels only\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Generated %,d rows x %d numeric features (binary label, non-linear signal + noise),"
                + " 80/10/10 split. Teacher: XGBoost, %d trees of depth 6. Students: djl.mlp"
                + " hidden [%d], 10 rounds x 200 steps on 2 barrier tasks, same seed; distilled ="
                + " soft targets (teacher weight 0.7, temperature 2), labels only = teacher weight"
                + " 0. Figures on the test split; rows/s per core measured in the same Spark"
                + " tasks as the teacher. Measured %s.%n%n",
            rows,
            features,
            trees,
            hidden,
            Instant.now()));
    md.append("Command: `DistillBenchmark ").append(String.join(" ", args)).append("`\n\n");
    md.append("Machine: ").append(Report.machine()).append("\n\n");
    md.append("Load average at the end (1, 5, 15 min; the machine is shared): ")
        .append(loadAverage())
        .append("\n\n");
    md.append(
        "| model | bytes | size ratio | rows/s/core (Lepton predictor) | rows/s/core as fp32"
            + " ONNX | test AUC | agreement with teacher |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| teacher (xgboost) | %,d | 1.0 | %,.0f | - | %.4f | 1.0000 |%n",
            any.teacher().bytes(),
            any.teacher().rowsPerSecondPerCore(),
            any.teacher().metric()));
    for (Map.Entry<String, DistillResult> e : students.entrySet()) {
      DistillResult r = e.getValue();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f | %,.0f (%.2fx) | %,.0f (%.2fx) | %.4f | %.4f |%n",
              e.getKey(),
              r.student().bytes(),
              r.gate().sizeRatio(),
              r.student().rowsPerSecondPerCore(),
              r.djlSpeedRatio(),
              r.studentOnnxRowsPerSecondPerCore(),
              r.gate().speedRatio(),
              r.student().metric(),
              r.gate().agreement()));
    }
    md.append(
        "\nSpeed ratios are against the teacher timed in the same tasks (each run times the"
            + " teacher again).\n");
    return md.toString();
  }
}
