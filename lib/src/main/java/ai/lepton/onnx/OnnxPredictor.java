package ai.lepton.onnx;

import ai.lepton.errors.Failures;
import ai.lepton.internal.Checksums;
import ai.lepton.model.ModelException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Scores encoded feature vectors with an ONNX model on any JVM. Serializable: on Spark the model
 * bytes travel once per executor as a broadcast ({@link #broadcast}), and each executor JVM opens
 * one ONNX Runtime session per model ({@link OnnxSessions}), lazily, on first use.
 */
public final class OnnxPredictor implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String sha256;
  private final byte[] local;
  private final Broadcast<byte[]> shared;

  private OnnxPredictor(String sha256, byte[] local, Broadcast<byte[]> shared) {
    this.sha256 = sha256;
    this.local = local;
    this.shared = shared;
  }

  /** A predictor carrying the model bytes itself (driver-side use, small models). */
  public static OnnxPredictor of(byte[] model) {
    return new OnnxPredictor(Checksums.sha256Hex(model), model, null);
  }

  /** A predictor whose model bytes reach executors as a Spark broadcast. */
  public static OnnxPredictor broadcast(SparkSession spark, byte[] model) {
    Broadcast<byte[]> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
    return new OnnxPredictor(Checksums.sha256Hex(model), null, b);
  }

  /** The SHA-256 of the model bytes (hex). */
  public String sha256() {
    return sha256;
  }

  /** The model bytes. */
  public byte[] bytes() {
    return local != null ? local : shared.value();
  }

  /**
   * Scores a batch: one row per encoded feature vector (all the same length, the model's input
   * width); returns one row of outputs per input row.
   */
  public float[][] predict(float[][] encodedRows) {
    if (encodedRows.length == 0) {
      return new float[0][];
    }
    int width = encodedRows[0].length;
    FloatBuffer buf = FloatBuffer.allocate(encodedRows.length * width);
    for (float[] row : encodedRows) {
      if (row.length != width) {
        // Invariant, not user input: every row is encoded by the same FeatureSignature.
        throw new IllegalArgumentException("feature vectors of different lengths in one batch");
      }
      buf.put(row);
    }
    buf.flip();
    return predict(buf, encodedRows.length, width);
  }

  /** Scores {@code rows} vectors of {@code width} floats laid out row after row in {@code data}. */
  public float[][] predict(FloatBuffer data, int rows, int width) {
    OrtSession session = OnnxSessions.get(sha256, this::bytes);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor in = OnnxTensor.createTensor(env, data, new long[] {rows, width});
        OrtSession.Result out = session.run(Map.of(OnnxVersions.INPUT, in))) {
      return (float[][]) out.get(0).getValue();
    } catch (OrtException e) {
      throw new ModelException(
          "ONNX Runtime could not score a batch of "
              + rows
              + " rows of "
              + width
              + " features with model "
              + sha256.substring(0, 12)
              + ": "
              + Failures.rootMessage(e),
          e);
    }
  }
}
