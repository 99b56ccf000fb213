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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * fp32 vs int8 (qdq and dynamic) ONNX scoring of MLPs of several hidden widths on local Spark, in
 * one run: file size ratio, rows/s per core (measured in the same tasks, models taking turns per
 * batch), AUC and agreement with fp32 on a held-out set. The model is a fixed random
 * two-hidden-layer ReLU network (input 64, hidden W and W/2, one sigmoid output); labels are its
 * own decisions with 5% flipped, so AUC is meaningful and the same for every width.
 *
 * <pre>
 * java -cp CLASSPATH ai.lepton.benchmarks.QuantizeBenchmark --widths 64,256,1024 \
 *   --rows 20000 --out benchmarks/results/quantize.md
 * </pre>
 */
public final class QuantizeBenchmark {

  private QuantizeBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> widths = List.of(64, 256, 1024);
    int rows = 20000;
    Path out = Path.of("benchmarks/results/quantize.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--widths" ->
            widths = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
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
    Files.writeString(out.resolveSibling("quantize-table.md"), md.toString());
    spark.stop();
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
