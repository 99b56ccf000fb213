package ai.lepton.quantize;

import ai.lepton.internal.LocalFiles;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.onnx.MllibNetworks;
import ai.lepton.train.djl.DjlMlpFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
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

/**
 * Small generated datasets with a learnable signal, and MLlib models trained on them, written as
 * Lepton model directories (format spark-ml) over a Delta table: what lepton train will hand
 * quantize, without needing the train package.
 */
public final class QuantizeFixtures {

  /** Numeric feature columns of the generated data. */
  public static final int NUMERIC = 10;

  /** Categorical columns, each with {@link #VALUES} values. */
  public static final int CATEGORICAL = 4;

  public static final List<String> VALUES = List.of("a", "b", "c", "d", "e");

  private static Fixture sharedBinaryMlp;

  private QuantizeFixtures() {}

  /**
   * The binary perceptron fixture (3000 rows, sigmoid hidden layers 256 and 128, seed 1), built
   * once per test JVM in a temporary folder removed at exit, shared by the quantize tests so that
   * the MLlib training runs once.
   */
  public static synchronized Fixture sharedBinaryMlp(SparkSession spark) {
    if (sharedBinaryMlp == null) {
      try {
        Path dir = java.nio.file.Files.createTempDirectory("lepton-quantize-fixture-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LocalFiles.deleteScratch(dir)));
        sharedBinaryMlp = build(spark, dir, 3000, 2, "mlp", new int[] {256, 128}, 1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sharedBinaryMlp;
  }

  /** A generated dataset written as Delta, its signature, and a trained model. */
  public record Fixture(
      String table,
      FeatureSignature signature,
      Dataset<Row> data,
      Dataset<Row> train,
      Dataset<Row> encodedTrain,
      Dataset<Row> encodedTest,
      Path modelDir,
      DenseNetwork network,
      Object model) {}

  /** Removes Hadoop's hidden {@code .crc} files, which ModelDirectory.seal does not list. */
  static void deleteChecksumFiles(Path dir) {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) {
        java.nio.file.Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code rows} rows over {@code classes} classes (2: binary), label a nonlinear function of the
   * features plus noise; written to {@code dir/table} as Delta.
   */
  public static Dataset<Row> generate(SparkSession spark, int rows, int classes, long seed) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Object[] v = new Object[2 + NUMERIC + CATEGORICAL];
      v[0] = "k" + i;
      double[] x = new double[NUMERIC];
      for (int j = 0; j < NUMERIC; j++) {
        x[j] = r.nextGaussian() * (1 + j) + j;
        v[2 + j] = x[j];
      }
      int[] c = new int[CATEGORICAL];
      for (int j = 0; j < CATEGORICAL; j++) {
        c[j] = r.nextInt(VALUES.size());
        v[2 + NUMERIC + j] = VALUES.get(c[j]);
      }
      double z1 = (x[0] - 0) * 1.2 - (x[1] - 1) * 0.8 + Math.sin(x[2] - 2) + (c[0] == 1 ? 1.5 : 0);
      double z2 = (x[3] - 3) * (x[4] - 4) / 20.0 + (c[1] == 2 ? -1.2 : 0.4) + (x[5] - 5) / 6.0;
      double score = z1 + z2 + r.nextGaussian() * 0.3;
      int label;
      if (classes == 2) {
        label = score > 0.3 ? 1 : 0;
      } else {
        label = score < -1 ? 0 : z2 > 0 ? 1 : 2;
      }
      v[1] = "c" + label;
      out.add(RowFactory.create(v));
    }
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("id", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("label", DataTypes.StringType, false));
    for (int j = 0; j < NUMERIC; j++) {
      fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, true));
    }
    for (int j = 0; j < CATEGORICAL; j++) {
      fields.add(DataTypes.createStructField("c" + j, DataTypes.StringType, true));
    }
    return spark.createDataFrame(out, DataTypes.createStructType(fields)).repartition(4);
  }

  /** The signature over {@code train}'s statistics. */
  public static FeatureSignature signature(Dataset<Row> train, int classes) {
    List<org.apache.spark.sql.Column> stats = new ArrayList<>();
    for (int j = 0; j < NUMERIC; j++) {
      stats.add(org.apache.spark.sql.functions.avg("x" + j));
      stats.add(org.apache.spark.sql.functions.stddev_pop("x" + j));
    }
    Row s =
        train
            .agg(
                stats.get(0),
                stats.subList(1, stats.size()).toArray(org.apache.spark.sql.Column[]::new))
            .first();
    List<FeatureSignature.Numeric> numeric = new ArrayList<>();
    for (int j = 0; j < NUMERIC; j++) {
      numeric.add(
          new FeatureSignature.Numeric("x" + j, s.getDouble(2 * j), s.getDouble(2 * j + 1)));
    }
    List<FeatureSignature.Categorical> categorical = new ArrayList<>();
    for (int j = 0; j < CATEGORICAL; j++) {
      categorical.add(new FeatureSignature.Categorical("c" + j, VALUES));
    }
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      labels.add("c" + k);
    }
    return new FeatureSignature(
        "id",
        "label",
        classes == 2 ? "binary" : "multiclass",
        numeric,
        categorical,
        labels,
        "drop");
  }

  /** Rows encoded as MLlib's {@code (label double, features vector)}. */
  public static Dataset<Row> encoded(SparkSession spark, Dataset<Row> rows, FeatureSignature sig) {
    JavaRDD<Row> r =
        EncodedRow.encode(rows, sig)
            .map(
                e -> {
                  double[] d = new double[e.features().length];
                  for (int i = 0; i < d.length; i++) {
                    d[i] = e.features()[i];
                  }
                  return RowFactory.create(e.label(), Vectors.dense(d));
                });
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
              new StructField("features", new VectorUDT(), false, Metadata.empty())
            });
    return spark.createDataFrame(r, schema);
  }

  /**
   * Generates data, writes it as Delta under {@code dir}, trains an MLlib model ({@code mlp} with
   * sigmoid hidden layers {@code hidden}, or {@code lr}), and writes it as a model directory.
   */
  public static Fixture build(
      SparkSession spark,
      Path dir,
      int rows,
      int classes,
      String algorithm,
      int[] hidden,
      long seed) {
    Dataset<Row> data = generate(spark, rows, classes, seed);
    String table = dir.resolve("table").toString();
    data.write().format("delta").mode("overwrite").save(table);
    Dataset<Row> delta = spark.read().format("delta").load(table);
    SplitRule split = new SplitRule(0.1, 0.1, 42);
    Dataset<Row> train = split.select(delta, "id", "train").cache();
    FeatureSignature sig = signature(train, classes);
    Dataset<Row> encTrain = encoded(spark, train, sig).cache();
    Dataset<Row> encTest = encoded(spark, split.select(delta, "id", "test"), sig).cache();
    Path modelDir = dir.resolve("model-" + algorithm);
    String modelPath = modelDir.resolve(ai.lepton.train.ModelLoaders.SPARK_ML_DIR).toString();
    DenseNetwork network;
    Object model;
    String alg;
    try {
      if (algorithm.equals("lr")) {
        LogisticRegressionModel lr = new LogisticRegression().setMaxIter(50).fit(encTrain);
        lr.write().overwrite().save(modelPath);
        network = MllibNetworks.fromLogisticRegression(lr);
        model = lr;
        alg = "mllib.logistic-regression";
      } else {
        int[] layers = new int[hidden.length + 2];
        layers[0] = sig.encodedSize();
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = classes;
        MultilayerPerceptronClassificationModel mlp =
            new MultilayerPerceptronClassifier()
                .setLayers(layers)
                .setMaxIter(30)
                .setSeed(seed)
                .fit(encTrain);
        mlp.write().overwrite().save(modelPath);
        network = MllibNetworks.fromPerceptron(mlp);
        model = mlp;
        alg = "mllib.mlp";
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ModelManifest draft =
        new ModelManifest(
            ModelManifest.FORMAT_VERSION,
            "fixture-" + algorithm,
            alg,
            ModelFormat.SPARK_ML,
            sig,
            Map.of(),
            Map.of(),
            new ModelManifest.InputTable(table, 0),
            "train-run-1",
            "2026-11-27T00:00:00Z",
            "test",
            null,
            null,
            null,
            null,
            true);
    deleteChecksumFiles(modelDir);
    ModelDirectory.seal(modelDir, draft);
    return new Fixture(table, sig, delta, train, encTrain, encTest, modelDir, network, model);
  }

  /**
   * A network built so that all-int8 quantizes it badly: {@code n} with one more hidden unit in the
   * layer before the output (weights 0, bias -100: sigmoid gives 0) and that unit's weight to
   * output {@code o} set to {@code ±10,000}. The fp32 function is unchanged; per-channel int8
   * spends the output layer's levels on that weight.
   */
  public static DenseNetwork withHugeOutputWeights(DenseNetwork n) {
    List<DenseLayer> layers = new ArrayList<>(n.layers());
    int h = layers.size() - 2;
    DenseLayer hidden = layers.get(h);
    float[][] hw = new float[hidden.outputs() + 1][];
    float[] hb = new float[hidden.outputs() + 1];
    for (int o = 0; o < hidden.outputs(); o++) {
      hw[o] = hidden.weights()[o];
      hb[o] = hidden.bias()[o];
    }
    hw[hidden.outputs()] = new float[hidden.inputs()];
    hb[hidden.outputs()] = -100f;
    layers.set(h, new DenseLayer(hw, hb, hidden.activation()));
    DenseLayer last = layers.get(h + 1);
    float[][] lw = new float[last.outputs()][];
    for (int o = 0; o < last.outputs(); o++) {
      lw[o] = java.util.Arrays.copyOf(last.weights()[o], last.inputs() + 1);
      lw[o][last.inputs()] = o % 2 == 0 ? 10_000f : -10_000f;
    }
    layers.set(h + 1, new DenseLayer(lw, last.bias(), last.activation()));
    return new DenseNetwork(layers);
  }

  /**
   * {@code network} written as a sealed djl.mlp model directory (model name {@code sensitive}) over
   * the fixture's table and signature: a model quantize reads like one train wrote.
   */
  public static Path writeDjlModel(Fixture fixture, DenseNetwork network, Path modelDir) {
    DjlMlpFiles.write(network, modelDir.resolve("model"));
    ModelManifest draft =
        new ModelManifest(
            ModelManifest.FORMAT_VERSION,
            "sensitive",
            "djl.mlp",
            ModelFormat.DJL,
            fixture.signature(),
            Map.of(),
            Map.of(),
            new ModelManifest.InputTable(fixture.table(), 0),
            "train-run-sensitive",
            "2026-12-06T00:00:00Z",
            "test",
            null,
            null,
            null,
            null,
            true);
    ModelDirectory.seal(modelDir, draft);
    return modelDir;
  }
}
