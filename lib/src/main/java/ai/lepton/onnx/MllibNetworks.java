package ai.lepton.onnx;

import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;

/** Spark MLlib models as {@link DenseNetwork}s over the same feature vector. */
public final class MllibNetworks {

  private MllibNetworks() {}

  /**
   * A logistic regression: binomial as one sigmoid output (the probability of class 1, from {@code
   * coefficients} and {@code intercept}); multinomial as K softmax outputs (from {@code
   * coefficientMatrix} and {@code interceptVector}).
   */
  public static DenseNetwork fromLogisticRegression(LogisticRegressionModel model) {
    if (model.numClasses() <= 2 && !model.getFamily().equals("multinomial")) {
      Vector c = model.coefficients();
      float[][] w = {toFloats(c.toArray())};
      return single(w, new float[] {(float) model.intercept()}, Activation.SIGMOID);
    }
    Matrix m = model.coefficientMatrix();
    float[][] w = new float[m.numRows()][m.numCols()];
    for (int k = 0; k < m.numRows(); k++) {
      for (int j = 0; j < m.numCols(); j++) {
        w[k][j] = (float) m.apply(k, j);
      }
    }
    float[] b = toFloats(model.interceptVector().toArray());
    if (w.length == 2) {
      return single(
          new float[][] {minus(w[1], w[0])}, new float[] {b[1] - b[0]}, Activation.SIGMOID);
    }
    return single(w, b, Activation.SOFTMAX);
  }

  /**
   * A multilayer perceptron: sigmoid hidden layers and a softmax output (two classes become one
   * sigmoid output, {@code sigmoid(z1 - z0)}, which equals the softmax's class-1 probability).
   * MLlib stores each layer's weights column-major as {@code [outputs x inputs]} followed by its
   * {@code outputs} biases, layer after layer.
   */
  public static DenseNetwork fromPerceptron(MultilayerPerceptronClassificationModel model) {
    int[] sizes = model.getLayers();
    double[] flat = model.weights().toArray();
    List<DenseLayer> layers = new ArrayList<>();
    int offset = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[][] w = new float[out][in];
      for (int i = 0; i < in; i++) {
        for (int o = 0; o < out; o++) {
          w[o][i] = (float) flat[offset + i * out + o];
        }
      }
      offset += in * out;
      float[] b = new float[out];
      for (int o = 0; o < out; o++) {
        b[o] = (float) flat[offset + o];
      }
      offset += out;
      boolean last = l + 2 == sizes.length;
      if (last && out == 2) {
        layers.add(
            new DenseLayer(
                new float[][] {minus(w[1], w[0])}, new float[] {b[1] - b[0]}, Activation.SIGMOID));
      } else {
        layers.add(new DenseLayer(w, b, last ? Activation.SOFTMAX : Activation.SIGMOID));
      }
    }
    return new DenseNetwork(layers);
  }

  private static DenseNetwork single(float[][] w, float[] b, Activation a) {
    return new DenseNetwork(List.of(new DenseLayer(w, b, a)));
  }

  private static float[] minus(float[] a, float[] b) {
    float[] d = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
