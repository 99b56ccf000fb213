package ai.lepton.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelFormat;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.quantize.Calibration;
import ai.lepton.quantize.Quantizer;
import ai.lepton.testing.DebianPython;
import ai.lepton.testing.TestModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ONNX form Lepton exports (fp32, int8 qdq, int8 dynamic), checked by the official ONNX
 * checker and strict shape inference (Debian's python3-onnx), and its Triton {@code config.pbtxt}
 * parsed by protobuf's text format against Triton's ModelConfig fields: the inputs and outputs it
 * declares are the graph's.
 */
class OnnxArtifactsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  static String script(String name) throws IOException {
    try (InputStream in = OnnxArtifactsTest.class.getResourceAsStream("/python/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static DenseLayer layer(Random r, int in, int out, Activation a) {
    float[][] w = new float[out][in];
    float[] b = new float[out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        w[o][i] = (float) r.nextGaussian();
      }
      b[o] = (float) r.nextGaussian() * 0.1f;
    }
    return new DenseLayer(w, b, a);
  }

  private static DenseNetwork network(FeatureSignature sig, int outputs, Activation last) {
    Random r = new Random(5);
    return new DenseNetwork(
        List.of(layer(r, sig.encodedSize(), 8, Activation.RELU), layer(r, 8, outputs, last)));
  }

  static FeatureSignature multiclassSignature() {
    return new FeatureSignature(
        "id",
        "segment",
        "multiclass",
        List.of(
            new FeatureSignature.Numeric("balance", 6.5, 1.5, true),
            new FeatureSignature.Numeric("age", 40.0, 10.0)),
        List.of(new FeatureSignature.Categorical("plan", List.of("basic", "pro", "team"))),
        List.of("a", "b", "c"),
        "impute");
  }

  /** Exports {@code onnx} to a Triton target; returns the repository entry folder. */
  private Path exportToTriton(String form, byte[] onnx, FeatureSignature sig) {
    Path model = tmp.resolve("model-" + form);
    TestModels.write(
        model, "churn", ModelFormat.ONNX, "run-" + form, Map.of("model.onnx", onnx), sig);
    Path out = tmp.resolve("triton-" + form);
    Lepton.export(
            LeptonConfig.parse(
                "lepton.export { model = \""
                    + model
                    + "\", targets = [ { name = t, type = triton, uri = \""
                    + out
                    + "\" } ] }"))
        .execute();
    return out.resolve("churn/run-" + form + "/churn");
  }

  @Test
  void everyExportedOnnxFormPassesTheOnnxCheckerAndItsTritonConfigMatchesTheGraph()
      throws Exception {
    DebianPython.require("onnx");
    FeatureSignature binary = TestModels.binarySignature();
    DenseNetwork net = network(binary, 1, Activation.SIGMOID);
    Calibration.Ranges ranges =
        new Calibration.Ranges(new float[] {-3f, 0f}, new float[] {3f, 6f}, 100);
    FeatureSignature multi = multiclassSignature();
    Map<String, byte[]> forms = new LinkedHashMap<>();
    forms.put("dynamic", Quantizer.dynamic(net, binary, "churn"));
    forms.put(
        "multiclass", OnnxWriter.write(network(multi, 3, Activation.SOFTMAX), multi, "churn"));
    List<String> folders = new ArrayList<>();
    forms.forEach(
        (form, bytes) ->
            folders.add(
                exportToTriton(form, bytes, form.equals("multiclass") ? multi : binary)
                    .toString()));
    Path quantized = tmp.resolve("quantized");
    TestModels.quantized(
        quantized,
        "run-q",
        Quantizer.qdq(net, binary, ranges, "churn"),
        OnnxWriter.write(net, binary, "churn"),
        TestModels.failedGate(),
        false);
    Path both = tmp.resolve("triton-both");
    Lepton.export(
            LeptonConfig.parse(
                "lepton.export { model = \""
                    + quantized
                    + "\", force = true, targets = [ { name = t, type = triton, uri = \""
                    + both
                    + "\", onnx-forms = [int8, fp32] } ] }"))
        .execute();
    folders.add(both.resolve("churn/run-q/churn").toString());
    folders.add(both.resolve("churn/run-q/churn-fp32").toString());

    JsonNode report = JSON.readTree(DebianPython.run(script("check_onnx.py"), args(folders)));

    assertThat(report.size()).isEqualTo(4);
    JsonNode int8 = report.get(folders.get(2));
    JsonNode fp32 = report.get(folders.get(3));
    assertThat(int8.at("/config/name").asText()).isEqualTo("churn");
    assertThat(fp32.at("/config/name").asText()).isEqualTo("churn-fp32");
    assertThat(int8.get("ops").toString()).contains("\"QuantizeLinear\"");
    assertThat(fp32.get("ops").toString()).doesNotContain("Quantize").contains("\"MatMul\"");
    assertThat(report.get(folders.get(0)).get("ops").toString()).contains("MatMulInteger");
    for (String folder : folders) {
      JsonNode entry = report.get(folder);
      int width = folder.contains("multiclass") ? 3 : 1;
      int d = folder.contains("multiclass") ? 5 : 4;
      assertThat(entry.get("config").get("inputs")).as(folder).isEqualTo(entry.at("/graph/inputs"));
      assertThat(entry.get("config").get("outputs"))
          .as(folder)
          .isEqualTo(entry.at("/graph/outputs"));
      assertThat(entry.at("/graph/inputs").toString())
          .isEqualTo(
              "[{\"name\":\"features\",\"data_type\":\"TYPE_FP32\",\"dims\":[-1," + d + "]}]");
      assertThat(entry.at("/graph/outputs").toString())
          .isEqualTo(
              "[{\"name\":\"output\",\"data_type\":\"TYPE_FP32\",\"dims\":[-1," + width + "]}]");
      assertThat(entry.at("/config/platform").asText()).isEqualTo("onnxruntime_onnx");
    }
  }

  private static String[] args(List<String> folders) {
    return folders.toArray(new String[0]);
  }
}
