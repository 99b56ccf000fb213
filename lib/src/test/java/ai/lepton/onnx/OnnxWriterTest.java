package ai.lepton.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelException;
import ai.lepton.onnx.proto.Onnx;
import ai.lepton.quantize.Calibration;
import ai.lepton.quantize.Quantizer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxWriterTest {

  static DenseNetwork network(Random r, int in, int hidden, int out, Activation last) {
    return new DenseNetwork(
        List.of(layer(r, in, hidden, Activation.RELU), layer(r, hidden, out, last)));
  }

  static DenseLayer layer(Random r, int in, int out, Activation a) {
    float[][] w = new float[out][in];
    float[] b = new float[out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        w[o][i] = (float) (r.nextGaussian() / Math.sqrt(in));
      }
      b[o] = (float) r.nextGaussian() * 0.1f;
    }
    return new DenseLayer(w, b, a);
  }

  static float[][] rows(Random r, int n, int d) {
    float[][] x = new float[n][d];
    for (float[] row : x) {
      for (int i = 0; i < d; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void fp32OnnxEqualsTheNetworkForEveryActivation() {
    Random r = new Random(1);
    for (Activation a : List.of(Activation.SIGMOID, Activation.SOFTMAX, Activation.IDENTITY)) {
      DenseNetwork net = network(r, 12, 16, a == Activation.SOFTMAX ? 4 : 1, a);
      byte[] bytes = OnnxWriter.write(net, null, "t");
      float[][] x = rows(r, 50, 12);
      float[][] y = OnnxPredictor.of(bytes).predict(x);
      for (int i = 0; i < x.length; i++) {
        float[] expected = net.apply(x[i]);
        for (int k = 0; k < expected.length; k++) {
          assertThat(y[i][k]).isCloseTo(expected[k], within(1e-5f));
        }
      }
    }
  }

  @Test
  void writesThePinnedIrVersionAndOpset() throws Exception {
    byte[] bytes = OnnxWriter.write(network(new Random(2), 3, 4, 1, Activation.SIGMOID), null, "t");
    Onnx.ModelProto m = Onnx.ModelProto.parseFrom(bytes);
    assertThat(m.getIrVersion()).isEqualTo(8);
    assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(17);
    assertThat(m.getGraph().getInput(0).getName()).isEqualTo("features");
    assertThat(m.getGraph().getOutput(0).getName()).isEqualTo("output");
  }

  @Test
  void bothInt8FormsStayCloseToFp32() {
    Random r = new Random(3);
    DenseNetwork net = network(r, 20, 64, 3, Activation.SOFTMAX);
    float[][] x = rows(r, 200, 20);
    float[] lo = new float[2];
    float[] hi = new float[2];
    Arrays.fill(lo, Float.MAX_VALUE);
    Arrays.fill(hi, -Float.MAX_VALUE);
    for (float[] row : x) {
      float[] h = net.layers().get(0).apply(row);
      for (float v : row) {
        lo[0] = Math.min(lo[0], v);
        hi[0] = Math.max(hi[0], v);
      }
      for (float v : h) {
        lo[1] = Math.min(lo[1], v);
        hi[1] = Math.max(hi[1], v);
      }
    }
    byte[] qdq = Quantizer.qdq(net, null, new Calibration.Ranges(lo, hi, x.length), "q");
    byte[] dyn = Quantizer.dynamic(net, null, "d");
    for (byte[] q : List.of(qdq, dyn)) {
      float[][] y = OnnxPredictor.of(q).predict(x);
      for (int i = 0; i < x.length; i++) {
        float[] e = net.apply(x[i]);
        for (int k = 0; k < e.length; k++) {
          assertThat(y[i][k]).isCloseTo(e[k], within(0.03f));
        }
      }
    }
  }

  @Test
  void onnxRuntimeRefusingAFileIsAClearError() {
    byte[] bytes = OnnxWriter.write(network(new Random(4), 3, 4, 1, Activation.SIGMOID), null, "t");
    byte[] corrupt = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> OnnxSessions.check(corrupt, "model/model.onnx of /m"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("model/model.onnx of /m cannot be loaded by ONNX Runtime")
        .hasMessageContaining("write it again with lepton quantize");
  }

  @Test
  void weightsAreSymmetricPerOutputChannel() {
    DenseLayer l =
        new DenseLayer(
            new float[][] {{1f, -0.25f}, {0.02f, 0.005f}}, new float[2], Activation.RELU);
    Quantizer.QuantizedWeights q = Quantizer.weights(l);
    assertThat(q.scales()[0]).isCloseTo(1f / 127, within(1e-7f));
    assertThat(q.scales()[1]).isCloseTo(0.02f / 127, within(1e-9f));
    // [inputs, outputs] row-major: (i=0,o=0), (i=0,o=1), (i=1,o=0), (i=1,o=1)
    assertThat(q.values()).containsExactly(127, 127, -32, 32);
  }
}
