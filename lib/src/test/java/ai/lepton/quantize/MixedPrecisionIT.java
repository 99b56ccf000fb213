package ai.lepton.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.Lepton;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed precision on a model built so that one layer quantizes badly: a trained perceptron whose
 * output layer gets one input from a dead hidden unit (always 0) with weight ±10,000. The fp32
 * function is unchanged, but per-channel int8 then spends every output channel's 255 levels on that
 * one weight and rounds the useful ones to 0, so all-int8 predicts a constant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedPrecisionIT {

  @TempDir static Path dir;
  SparkSession spark;
  QuantizeFixtures.Fixture fixture;
  DenseNetwork sensitive;
  Path model;

  @BeforeAll
  void setUp() {
    spark = TestSpark.session();
    fixture = QuantizeFixtures.sharedBinaryMlp(spark);
    sensitive = QuantizeFixtures.withHugeOutputWeights(fixture.network());
    model = QuantizeFixtures.writeDjlModel(fixture, sensitive, dir.resolve("sensitive"));
  }

  @Test
  void allInt8FailsAndMixedPrecisionKeepsTheSensitiveLayerFp32() throws Exception {
    Path out = dir.resolve("mixed");
    QuantizeResult r = quantize(out, "");

    assertThat(r.mixed()).as(r.toString()).isNotNull();
    QuantizeResult.Step allInt8 = r.mixed().steps().get(0);
    assertThat(allInt8.fp32Layers()).isEmpty();
    assertThat(allInt8.agreement()).isLessThan(0.99);
    assertThat(String.join(";", allInt8.failures())).contains("agreement");
    assertThat(r.forms()).allMatch(f -> !f.passed());

    assertThat(r.mixed().sensitivity()).containsOnlyKeys("layer0", "layer1", "layer2");
    double layer2 = r.mixed().sensitivity().get("layer2");
    assertThat(layer2).isGreaterThan(r.mixed().sensitivity().get("layer0"));
    assertThat(layer2).isGreaterThan(r.mixed().sensitivity().get("layer1"));
    assertThat(r.mixed().sensitivityRows()).isEqualTo("validation");

    assertThat(r.mixed().passed()).as(r.mixed().reason()).isTrue();
    assertThat(r.mixed().fp32Layers()).containsExactly("layer2");
    assertThat(r.mixed().steps()).hasSize(2);
    assertThat(r.mixed().steps().get(1).passed()).isTrue();
    // every configured form of the mix is judged; the written model is the form kept
    assertThat(r.form()).isEqualTo(r.mixed().steps().get(1).form()).isIn("qdq", "dynamic");
    assertThat(r.succeeded()).isTrue();
    assertThat(r.gate().failures()).isEmpty();
    assertThat(r.gate().agreement()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.gate().sizeRatio()).isGreaterThanOrEqualTo(3.0);
    assertThat(r.reason()).contains("layer2 kept fp32");

    ModelManifest m = ModelDirectory.verifyLocal(out);
    assertThat(m.exportable()).isTrue();
    assertThat(m.quantization()).containsEntry("fp32Layers", List.of("layer2"));
    assertThat(m.quantization()).containsKey("mixedPrecision");
    byte[] onnx = Files.readAllBytes(out.resolve("model/model.onnx"));
    assertThat(agreementWithFp32(onnx)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void aGateNoMixCanPassIsRefusedAndSaysWhyAndKeepFp32IsApplied() {
    Path out = dir.resolve("refused");
    QuantizeResult r =
        quantize(
            out,
            "lepton.quantize { forms = [\"qdq\"], gate.max-metric-drop = -0.5,"
                + " mixed.keep-fp32 = [layer2] }");

    assertThat(r.succeeded()).isFalse();
    assertThat(r.model().exportable()).isFalse();
    assertThat(r.mixed().passed()).isFalse();
    // the explicit list is fp32 from the start; then one more layer; a third would leave no int8
    assertThat(r.mixed().steps().get(0).fp32Layers()).containsExactly("layer2");
    assertThat(r.mixed().sensitivity()).containsOnlyKeys("layer0", "layer1");
    assertThat(r.mixed().steps()).hasSize(2);
    assertThat(r.mixed().steps().get(1).fp32Layers()).hasSize(2).contains("layer2");
    String failures = String.join("; ", r.gate().failures());
    assertThat(failures)
        .contains("mixed precision found no mix that passes the gate")
        .contains("no int8 layer is left")
        .contains("max-metric-drop -0.5")
        .contains("lepton.quantize.gate");
  }

  @Test
  void badKeepListsAreRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> quantize(dir.resolve("bad1"), "lepton.quantize.mixed.keep-fp32 = [dense2]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.quantize.mixed.keep-fp32")
        .hasMessageContaining("'dense2'");
    QuantizeConfig all =
        QuantizeConfig.from(
            LeptonConfig.parse(
                "lepton.quantize { model = m, mixed.keep-fp32 = [layer0, layer1, layer2] }"));
    assertThatThrownBy(() -> MixedPrecision.keepFp32(all, sensitive))
        .isInstanceOf(QuantizeException.class)
        .hasMessageContaining("keeps every layer")
        .hasMessageContaining("nothing is left to quantize");
    QuantizeConfig missing =
        QuantizeConfig.from(
            LeptonConfig.parse("lepton.quantize { model = m, mixed.keep-fp32 = [layer7] }"));
    assertThatThrownBy(() -> MixedPrecision.keepFp32(missing, sensitive))
        .isInstanceOf(QuantizeException.class)
        .hasMessageContaining("names layer7 but the model at m has 3 dense layers");
  }

  private double agreementWithFp32(byte[] onnx) {
    List<float[]> rows =
        EncodedRow.encode(fixture.data().limit(400), fixture.signature())
            .map(EncodedRow::features)
            .collect();
    float[][] q = OnnxPredictor.of(onnx).predict(rows.toArray(float[][]::new));
    int same = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (Scoring.predictedClass(q[i]) == Scoring.predictedClass(sensitive.apply(rows.get(i)))) {
        same++;
      }
    }
    return (double) same / rows.size();
  }

  private QuantizeResult quantize(Path out, String extra) {
    LeptonConfig config =
        LeptonConfig.parse(
            "lepton.quantize { model = \"" + model + "\", output = \"" + out + "\" }\n" + extra);
    return Lepton.with(spark).quantize(config).execute();
  }
}
