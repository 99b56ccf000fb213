package ai.lepton.benchmarks;

import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.quantize.Calibration;
import ai.lepton.quantize.EncodedRow;
import ai.lepton.quantize.Quantizer;
import ai.lepton.quantize.Scoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * fp32 vs int8 (qdq and dynamic) ONNX scoring of MLPs of several hidden widths on local Spark, in
 * one run: file size ratio, rows/s per core (measured in the same tasks, models taking turns per
 * batch), AUC and agreement with fp32 on a held-out set. The model is a fixed random
 * two-hidden-layer ReLU network (input 64, hidden W and W/2, one sigmoid output); labels are its
 * own decisions with 5% flipped, so AUC is meaningful and the same for every width.
 *
 * <p>Then all-int8 vs mixed precision on a model where all-int8 fails the gate: the width {@code
 * --mixed-width} network with one dead hidden unit (always 0) feeding the output layer with weight
 * ±10,000, so per-channel int8 rounds the output layer's useful weights to 0; mixed keeps that
 * layer ({@code layer2}) fp32, as {@code lepton quantize}'s search does (written to {@code
 * quantize-mixed.md}).
 *
 * <pre>
 * java -cp CLASSPATH ai.lepton.benchmarks.QuantizeBenchmark --widths 64,256,1024 \
 *   --rows 20000 --mixed-width 256 --out benchmarks/results/quantize.md
 * </pre>
 *
 * <p>{@code --widths none} runs only the mixed precision comparison; {@code --mixed-width 0} skips
 * it.
 */
public final class QuantizeBenchmark {

  private QuantizeBenchmark() {}

  /** The command line; see the class comment. */
  @Command(name = "QuantizeBenchmark", mixinStandardHelpOptions = true)
  static final class Flags {
    @Option(
        names = "--widths",
        description = "hidden widths, comma-separated, or none (default 64,256,1024)")
    String widths = "64,256,1024";

    @Option(names = "--rows", description = "rows (default 20000)")
    int rows = 20000;

    @Option(
        names = "--mixed-width",
        description = "width of the mixed precision comparison, 0 skips it (default 256)")
    int mixedWidth = 256;

    @Option(names = "--out", description = "report file (default benchmarks/results/quantize.md)")
    Path out = Path.of("benchmarks/results/quantize.md");
  }

  public static void main(String[] args) throws Exception {
    Flags flags = BenchmarkFlags.parse(new Flags(), args);
    List<Integer> widths =
        flags.widths.equals("none")
            ? List.of()
            : java.util.Arrays.stream(flags.widths.split(",")).map(Integer::parseInt).toList();
    int rows = flags.rows;
    int mixedWidth = flags.mixedWidth;
    Path out = flags.out;
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("quantize-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    StringBuilder md = new StringBuilder();
    md.append("| hidden | form | fp32 bytes | int8 bytes | size ratio | fp32 rows/s/core |")
        .append(" int8 rows/s/core | speed ratio | fp32 AUC | int8 AUC | agreement |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int w : widths) {
      Random r = new Random(w);
      DenseNetwork net =
          new DenseNetwork(
              List.of(
                  layer(r, 64, w, Activation.RELU),
                  layer(r, w, w / 2, Activation.RELU),
                  layer(r, w / 2, 1, Activation.SIGMOID)));
      List<EncodedRow> data = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        float[] x = new float[64];
        for (int j = 0; j < x.length; j++) {
          x[j] = (float) r.nextGaussian();
        }
        double y = net.apply(x)[0] >= 0.5 ? 1 : 0;
        if (r.nextDouble() < 0.05) {
          y = 1 - y;
        }
        data.add(new EncodedRow(y, x));
      }
      JavaRDD<EncodedRow> test = jsc.parallelize(data.subList(rows / 5, rows), 2).cache();
      JavaRDD<float[]> sample =
          jsc.parallelize(data.subList(0, rows / 5), 2).map(EncodedRow::features).cache();
      Calibration.Ranges ranges = Calibration.calibrate(sample, net, "minmax", 100);
      byte[] fp32 = OnnxWriter.write(net, null, "bench");
      byte[] qdq = Quantizer.qdq(net, null, ranges, "bench");
      byte[] dyn = Quantizer.dynamic(net, null, "bench");
      List<Scoring.Figures> f =
          Scoring.run(
              test,
              List.of(
                  OnnxPredictor.broadcast(spark, fp32),
                  OnnxPredictor.broadcast(spark, qdq),
                  OnnxPredictor.broadcast(spark, dyn)),
              "binary",
              256,
              2000);
      String[] names = {"qdq", "dynamic"};
      byte[][] bytes = {qdq, dyn};
      for (int k = 0; k < 2; k++) {
        Scoring.Figures q = f.get(k + 1);
        String line =
            String.format(
                Locale.ROOT,
                "| %d | %s | %,d | %,d | %.2f | %,.0f | %,.0f | %.2f | %.4f | %.4f | %.4f |%n",
                w,
                names[k],
                fp32.length,
                bytes[k].length,
                (double) fp32.length / bytes[k].length,
                f.get(0).rowsPerSecondPerCore(),
                q.rowsPerSecondPerCore(),
                q.rowsPerSecondPerCore() / f.get(0).rowsPerSecondPerCore(),
                f.get(0).metric(),
                q.metric(),
                q.agreement());
        System.out.print(line);
        md.append(line);
      }
      test.unpersist();
      sample.unpersist();
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    if (!widths.isEmpty()) {
      Files.writeString(out.resolveSibling("quantize-table.md"), md.toString());
    }
    if (mixedWidth > 0) {
      String mixed = mixed(spark, jsc, mixedWidth, rows, args);
      System.out.print(mixed);
      Files.writeString(out.resolveSibling("quantize-mixed.md"), mixed);
    }
    spark.stop();
  }

  /** all-int8 vs mixed (output layer fp32) on a network whose output layer quantizes badly. */
  private static String mixed(
      SparkSession spark, JavaSparkContext jsc, int w, int rows, String[] args) {
    Random r = new Random(w);
    DenseNetwork clean =
        new DenseNetwork(
            List.of(
                layer(r, 64, w, Activation.RELU),
                layer(r, w, w / 2, Activation.RELU),
                layer(r, w / 2, 1, Activation.SIGMOID)));
    List<EncodedRow> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      float[] x = new float[64];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) r.nextGaussian();
      }
      double y = clean.apply(x)[0] >= 0.5 ? 1 : 0;
      data.add(new EncodedRow(r.nextDouble() < 0.05 ? 1 - y : y, x));
    }
    DenseNetwork net = withDeadUnit(clean);
    JavaRDD<EncodedRow> test = jsc.parallelize(data.subList(rows / 5, rows), 2).cache();
    JavaRDD<float[]> sample =
        jsc.parallelize(data.subList(0, rows / 5), 2).map(EncodedRow::features).cache();
    Calibration.Ranges ranges = Calibration.calibrate(sample, net, "minmax", 100);
    byte[] fp32 = OnnxWriter.write(net, null, "bench");
    byte[] all = Quantizer.qdq(net, null, ranges, "bench");
    byte[] mix = Quantizer.qdq(net, null, ranges, "bench", java.util.Set.of(2));
    byte[] allDyn = Quantizer.dynamic(net, null, "bench");
    byte[] mixDyn = Quantizer.dynamic(net, null, "bench", java.util.Set.of(2));
    List<Scoring.Figures> f =
        Scoring.run(
            test,
            List.of(
                OnnxPredictor.broadcast(spark, fp32),
                OnnxPredictor.broadcast(spark, all),
                OnnxPredictor.broadcast(spark, mix),
                OnnxPredictor.broadcast(spark, allDyn),
                OnnxPredictor.broadcast(spark, mixDyn)),
            "binary",
            256,
            2000);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "# Mixed precision: all-int8 vs mixed on a model where all-int8 fails the gate%n%n"
                + "Network 64 -> %d -> %d (+1 dead unit) -> 1, ReLU, one dead hidden unit feeding"
                + " the output layer with weight 10,000 (fp32 unchanged); qdq (min/max calibration)"
                + " and dynamic forms; %,d test rows on local[2]. Measured %s.%n%n",
            w,
            w / 2,
            rows - rows / 5,
            Instant.now()));
    md.append("Command: `QuantizeBenchmark ").append(String.join(" ", args)).append("`\n\n");
    md.append("Machine: ")
        .append(Report.machine())
        .append("; load average (1, 5, 15 min; shared machine): ")
        .append(DistillBenchmark.loadAverage())
        .append("\n\n");
    md.append("| model | fp32 layers | bytes | size ratio | rows/s/core | speed ratio | AUC |")
        .append(" agreement | default gate (0.99 / 0.005 / 3.0 / 1.0) |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    String[] names = {"fp32", "all-int8 qdq", "mixed qdq", "all-int8 dynamic", "mixed dynamic"};
    String[] layers = {"all", "none", "layer2", "none", "layer2"};
    byte[][] bytes = {fp32, all, mix, allDyn, mixDyn};
    for (int k = 0; k < names.length; k++) {
      Scoring.Figures q = f.get(k);
      double size = (double) fp32.length / bytes[k].length;
      double speed = q.rowsPerSecondPerCore() / f.get(0).rowsPerSecondPerCore();
      boolean passes =
          q.agreement() >= 0.99
              && f.get(0).metric() - q.metric() <= 0.005
              && size >= 3.0
              && speed >= 1.0;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %.2f | %,.0f | %.2f | %.4f | %.4f | %s |%n",
              names[k],
              layers[k],
              bytes[k].length,
              size,
              q.rowsPerSecondPerCore(),
              speed,
              q.metric(),
              q.agreement(),
              k == 0 ? "(reference)" : passes ? "passes" : "fails"));
    }
    test.unpersist();
    sample.unpersist();
    return md.toString();
  }

  /**
   * {@code n} with a dead unit (bias -100 before ReLU: always 0) weighted ±10,000 at the output.
   */
  private static DenseNetwork withDeadUnit(DenseNetwork n) {
    DenseLayer hidden = n.layers().get(1);
    float[][] hw = java.util.Arrays.copyOf(hidden.weights(), hidden.outputs() + 1);
    hw[hidden.outputs()] = new float[hidden.inputs()];
    float[] hb = java.util.Arrays.copyOf(hidden.bias(), hidden.outputs() + 1);
    hb[hidden.outputs()] = -100f;
    DenseLayer last = n.layers().get(2);
    float[][] lw = new float[last.outputs()][];
    for (int o = 0; o < lw.length; o++) {
      lw[o] = java.util.Arrays.copyOf(last.weights()[o], last.inputs() + 1);
      lw[o][last.inputs()] = o % 2 == 0 ? 10_000f : -10_000f;
    }
    return new DenseNetwork(
        List.of(
            n.layers().get(0),
            new DenseLayer(hw, hb, hidden.activation()),
            new DenseLayer(lw, last.bias(), last.activation())));
  }

  private static DenseLayer layer(Random r, int in, int out, Activation a) {
    float[][] w = new float[out][in];
    float[] b = new float[out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        w[o][i] = (float) (r.nextGaussian() * Math.sqrt(2.0 / in));
      }
      b[o] = (float) (r.nextGaussian() * 0.05);
    }
    return new DenseLayer(w, b, a);
  }
}
