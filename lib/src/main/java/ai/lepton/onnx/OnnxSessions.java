package ai.lepton.onnx;

import ai.lepton.errors.Failures;
import ai.lepton.model.ModelException;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One ONNX Runtime session per model per JVM (driver or executor), created on first use and kept
 * for the JVM's life, keyed by the SHA-256 of the model bytes. Sessions use one intra-op and one
 * inter-op thread: Spark already runs one task per core, so more threads would only fight over
 * them. ONNX Runtime's {@code OrtSession.run} is thread-safe, so concurrent tasks share a session.
 *
 * <p>DJL's ONNX Runtime engine must be created before any plain ORT environment in the same JVM
 * (STACK.md); Lepton uses the plain ORT Java API only, so this matters only if a notebook also
 * loads DJL's onnxruntime engine: create that engine first.
 */
public final class OnnxSessions {

  private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();

  private OnnxSessions() {}

  /** The session for the model whose SHA-256 is {@code sha256}; loads {@code bytes} once. */
  public static OrtSession get(String sha256, Supplier<byte[]> bytes) {
    return SESSIONS.computeIfAbsent(sha256, k -> open(bytes.get(), k));
  }

  /** Closes and forgets the session of {@code sha256}, if any (tests, benchmarks). */
  public static void evict(String sha256) {
    OrtSession s = SESSIONS.remove(sha256);
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        // closing a session that failed is not worth failing for
      }
    }
  }

  /**
   * Checks that ONNX Runtime accepts the model: a {@link ModelException} naming {@code what} and
   * ORT's reason when it refuses it.
   */
  public static void check(byte[] bytes, String what) {
    try (OrtSession s = create(bytes)) {
      if (!s.getInputNames().contains(OnnxVersions.INPUT)) {
        throw new ModelException(
            what
                + " has no input named '"
                + OnnxVersions.INPUT
                + "' (it has "
                + s.getInputNames()
                + "). Lepton scores ONNX models it wrote itself; quantize the source model again.");
      }
    } catch (OrtException e) {
      throw refused(what, e);
    }
  }

  private static OrtSession open(byte[] bytes, String sha256) {
    try {
      return create(bytes);
    } catch (OrtException e) {
      throw refused("The ONNX model " + sha256.substring(0, 12), e);
    }
  }

  private static OrtSession create(byte[] bytes) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      o.setInterOpNumThreads(1);
      o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return env.createSession(bytes, o);
    }
  }

  static ModelException refused(String what, Exception e) {
    return new ModelException(
        what
            + " cannot be loaded by ONNX Runtime: "
            + Failures.rootMessage(e)
            + ". The file is damaged or not an ONNX model; write it again with lepton quantize.",
        e);
  }
}
