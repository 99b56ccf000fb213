package ai.lepton.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxTransformer;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuantizeIT {

  private static final int[] HIDDEN = {256, 128};

  @TempDir static Path dir;
  SparkSession spark;
  QuantizeFixtures.Fixture binary;

  @BeforeAll
  void setUp() {
    spark = TestSpark.session();
    binary = QuantizeFixtures.sharedBinaryMlp(spark);
  }

  @Test
  void fp32OnnxEqualsMllibPerceptronAndLogisticRegression() throws Exception {
    assertMatchesMllib(binary);
    QuantizeFixtures.Fixture lr =
        QuantizeFixtures.build(spark, dir.resolve("lr"), 1500, 3, "lr", HIDDEN, 2);
    assertMatchesMllib(lr);
  }

  private void assertMatchesMllib(QuantizeFixtures.Fixture f) {
    byte[] onnx = OnnxWriter.write(f.network(), f.signature(), "m");
    Transformer mllib = (Transformer) f.model();
    List<Row> expected = mllib.transform(f.encodedTest()).select("probability").collectAsList();
    List<Row> actual =
        new OnnxTransformer(OnnxPredictor.broadcast(spark, onnx), "features", "output", 64)
            .transform(f.encodedTest())
            .select("output")
            .collectAsList();
    assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
    for (int i = 0; i < expected.size(); i++) {
      double[] p = ((Vector) expected.get(i).get(0)).toArray();
      List<Float> o = actual.get(i).getList(0);
      if (o.size() == 1) {
        assertThat((double) o.get(0)).isCloseTo(p[1], within(1e-5));
      } else {
        for (int k = 0; k < p.length; k++) {
          assertThat((double) o.get(k)).isCloseTo(p[k], within(1e-5));
        }
      }
    }
  }

  @Test
  void int8PassesTheDefaultGateOnBinaryData() throws Exception {
    QuantizeResult r = quantize(binary, dir.resolve("out-binary"), "");
    assertThat(r.gate().failures()).as(r.toString()).isEmpty();
    assertThat(r.succeeded()).isTrue();
    assertThat(r.form()).isIn("qdq", "dynamic");
    ModelManifest m = ModelDirectory.verifyLocal(dir.resolve("out-binary"));
    assertThat(m.exportable()).isTrue();
    assertThat(m.quantization()).containsEntry("form", r.form());
    assertThat(m.gate().passed()).isTrue();
    assertThat(m.files()).containsKey("model/model.onnx");
  }

  @Test
  void int8PassesTheDefaultGateOnMulticlassData() throws Exception {
    QuantizeFixtures.Fixture multi =
        QuantizeFixtures.build(spark, dir.resolve("multi"), 5000, 3, "mlp", HIDDEN, 3);
    QuantizeResult r = quantize(multi, dir.resolve("out-multi"), "");
    assertThat(r.gate().failures()).as(r.toString()).isEmpty();
    assertThat(r.gate().metric()).isEqualTo("accuracy");
    assertThat(r.gate().agreement()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void calibrationStatsFromOnePartitionEqualThoseMergedFromMany() {
    JavaRDD<float[]> rows =
        EncodedRow.encode(binary.train(), binary.signature()).map(EncodedRow::features).cache();
    DenseNetwork net = binary.network();
    CalibrationStats one = Calibration.stats(rows.coalesce(1), net, null);
    CalibrationStats many = Calibration.stats(rows.repartition(7), net, null);
    assertThat(many).isEqualTo(one);
    assertThat(one.rows()).isGreaterThan(2000);
    CalibrationStats h1 = Calibration.stats(rows.coalesce(1), net, one.maxAbs());
    CalibrationStats h7 = Calibration.stats(rows.repartition(7), net, one.maxAbs());
    assertThat(h7).isEqualTo(h1);
    assertThat(h1.histogram(0)).isNotNull();
    assertThat(h1.percentileAbs(1, 50)).isLessThan(h1.percentileAbs(1, 99.9));
  }

  @Test
  void aConstantCalibrationSampleIsRefused() {
    int width = binary.network().inputs();
    JavaRDD<float[]> rows =
        spark
            .createDataset(List.of(1, 2, 3), org.apache.spark.sql.Encoders.INT())
            .javaRDD()
            .map(i -> new float[width]);
    assertThatThrownBy(() -> Calibration.calibrate(rows, binary.network(), "minmax", 99))
        .isInstanceOf(QuantizeException.class)
        .hasMessageContaining("calibration sample is constant at the input of layer 0");
  }

  @Test
  void treeModelsArePassedThroughUnchanged() throws Exception {
    Path src = dir.resolve("xgb");
    Files.createDirectories(src.resolve("model"));
    Files.writeString(src.resolve("model/xgboost-model"), "booster bytes");
    ModelManifest draft =
        new ModelManifest(
            1,
            "xgb",
            "xgboost",
            ai.lepton.model.ModelFormat.XGBOOST,
            binary.signature(),
            null,
            null,
            null,
            "train-1",
            "2026-11-27T00:00:00Z",
            "test",
            null,
            null,
            null,
            null,
            true);
    ModelDirectory.seal(src, draft);
    Path out = dir.resolve("xgb-out");
    QuantizeResult r =
        Lepton.with(spark)
            .quantize(
                LeptonConfig.parse(
                    "lepton.quantize { model = \"" + src + "\", output = \"" + out + "\" }"))
            .execute();
    assertThat(r.form()).isEqualTo("none");
    assertThat(r.reason()).contains("xgboost models are tree ensembles");
    ModelManifest m = ModelDirectory.verifyLocal(out);
    assertThat(m.quantization()).containsEntry("form", "none");
    assertThat(m.lineage()).containsEntry("sourceModel", src.toString());
    assertThat(Files.readString(out.resolve("model/xgboost-model"))).isEqualTo("booster bytes");
  }

  @Test
  void aModelFileThatDoesNotMatchItsChecksumIsRefused() throws Exception {
    Path src = dir.resolve("damaged");
    Files.createDirectories(src.resolve("model"));
    Files.writeString(src.resolve("model/xgboost-model"), "booster bytes");
    ModelManifest draft =
        new ModelManifest(
            1,
            "xgb",
            "xgboost",
            ai.lepton.model.ModelFormat.XGBOOST,
            binary.signature(),
            null,
            null,
            null,
            "train-1",
            "2026-11-27T00:00:00Z",
            "test",
            null,
            null,
            null,
            null,
            true);
    ModelDirectory.seal(src, draft);
    Files.writeString(src.resolve("model/xgboost-model"), "tampered");
    Path out = dir.resolve("damaged-out");
    assertThatThrownBy(
            () ->
                Lepton.with(spark)
                    .quantize(
                        LeptonConfig.parse(
                            "lepton.quantize { model = \""
                                + src
                                + "\", output = \""
                                + out
                                + "\" }"))
                    .execute())
        .isInstanceOf(ai.lepton.model.ModelException.class)
        .hasMessageContaining("does not match its lepton-model.json");
    assertThat(Files.exists(out)).isFalse();
  }

  QuantizeResult quantize(QuantizeFixtures.Fixture f, Path out, String extra) {
    LeptonConfig config =
        LeptonConfig.parse(
            "lepton.quantize { model = \""
                + f.modelDir()
                + "\", output = \""
                + out
                + "\" }\n"
                + extra);
    return Lepton.with(spark).quantize(config).execute();
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
