package ai.lepton.train.djl;

import ai.lepton.LeptonException;
import ai.lepton.config.ConfigException;
import ai.lepton.errors.Failures;
import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The state after a round: the averaged parameters, the round number, the spec that produced them
 * (and its hash) and every round's statistics, in one file written atomically (temp file, then
 * rename), so a killed run leaves the last complete round.
 *
 * <p>Layout: the magic line {@code LEPTON-DJL-CHECKPOINT 1}, a length-prefixed JSON header, then
 * per layer its outputs, inputs, activation name, weights (row-major) and biases.
 */
record Checkpoint(
    int round,
    String specHash,
    Map<String, Object> spec,
    List<RoundStats> rounds,
    DenseNetwork network) {

  static final String FILE = "djl-checkpoint.bin";
  private static final String MAGIC = "LEPTON-DJL-CHECKPOINT 1\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Writes this checkpoint into the folder {@code dirUri} (a local path or a URI of any Hadoop file
   * system: s3a://, wasbs://, abfss://), replacing the previous one only once complete: locally by
   * a rename, on an object store by the atomic publication of the object when its upload ends.
   */
  void write(String dirUri, Configuration conf) {
    if (isLocal(dirUri)) {
      write(localPath(dirUri));
      return;
    }
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dirUri, FILE);
    try (OutputStream raw = target.getFileSystem(conf).create(target, true)) {
      writeTo(raw);
    } catch (IOException e) {
      throw Failures.wrap(
          e,
          "write the DJL training checkpoint " + target,
          "Check that lepton.train.model.uri is writable from the driver.",
          ModelException::new);
    }
  }

  /** The checkpoint in the folder {@code dirUri} (local or any Hadoop file system), or null. */
  static Checkpoint read(String dirUri, Configuration conf) {
    if (isLocal(dirUri)) {
      return read(localPath(dirUri));
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dirUri, FILE);
    try {
      org.apache.hadoop.fs.FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return null;
      }
      try (InputStream raw = fs.open(file)) {
        return readFrom(raw, file.toString());
      }
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static boolean isLocal(String uri) {
    return !uri.contains("://") || uri.startsWith("file:");
  }

  private static Path localPath(String uri) {
    return uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri);
  }

  /** Writes this checkpoint into {@code dir}, replacing the previous one only once complete. */
  void write(Path dir) {
    Path target = dir.resolve(FILE);
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, FILE, ".tmp");
      try (OutputStream raw = Files.newOutputStream(temp)) {
        writeTo(raw);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw Failures.wrap(
          e,
          "write the DJL training checkpoint " + target,
          "Check that the run's checkpoint folder is writable.",
          ModelException::new);
    }
  }

  private void writeTo(OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
    out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
    byte[] header = JSON.writeValueAsBytes(header());
    out.writeInt(header.length);
    out.write(header);
    writeNetwork(out, network);
    out.flush();
  }

  /** The checkpoint in {@code dir}, or null when there is none. */
  static Checkpoint read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream raw = Files.newInputStream(file)) {
      return readFrom(raw, file.toString());
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static Checkpoint readFrom(InputStream raw, String file) {
    try {
      DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
      byte[] magic = in.readNBytes(MAGIC.length());
      if (!new String(magic, StandardCharsets.US_ASCII).equals(MAGIC)) {
        throw new ModelException(
            "Cannot resume from "
                + file
                + ": it is not a Lepton DJL checkpoint. Start the run again without resume.");
      }
      byte[] header = in.readNBytes(in.readInt());
      @SuppressWarnings("unchecked")
      Map<String, Object> h = JSON.readValue(header, LinkedHashMap.class);
      return fromHeader(h, readNetwork(in));
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelException m) {
        throw m;
      }
      throw unreadable(file, e);
    }
  }

  private static LeptonException unreadable(Object file, Exception e) {
    return Failures.wrap(
        e,
        "read the DJL training checkpoint " + file,
        "Start the run again without resume.",
        ModelException::new);
  }

  /** Fails with the differing fields when this checkpoint was written for another spec. */
  void requireSameSpec(MlpSpec current, int inputs, int outputs, String dir) {
    if (specHash.equals(current.hash(inputs, outputs))) {
      return;
    }
    List<String> diff = MlpSpec.differences(spec, current.identity(inputs, outputs));
    throw new ConfigException(
        "Cannot resume DJL training from "
            + dir
            + "/"
            + FILE
            + ": the checkpoint was written with different settings ("
            + (diff.isEmpty() ? "spec hash differs" : String.join("; ", diff))
            + "). Resume with the run's original lepton.train.djl settings, or start a new run"
            + " without --resume.");
  }

  private Map<String, Object> header() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("round", round);
    h.put("specHash", specHash);
    h.put("spec", spec);
    List<Map<String, Object>> stats = new ArrayList<>();
    for (RoundStats r : rounds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", r.round());
      m.put("samples", r.samples());
      m.put("loss", r.loss());
      m.put("durationMs", r.durationMs());
      stats.add(m);
    }
    h.put("rounds", stats);
    return h;
  }

  @SuppressWarnings("unchecked")
  private static Checkpoint fromHeader(Map<String, Object> h, DenseNetwork network) {
    List<RoundStats> stats = new ArrayList<>();
    for (Map<String, Object> m : (List<Map<String, Object>>) h.get("rounds")) {
      stats.add(
          new RoundStats(
              ((Number) m.get("round")).intValue(),
              ((Number) m.get("samples")).longValue(),
              ((Number) m.get("loss")).doubleValue(),
              ((Number) m.get("durationMs")).longValue()));
    }
    return new Checkpoint(
        ((Number) h.get("round")).intValue(),
        (String) h.get("specHash"),
        (Map<String, Object>) h.get("spec"),
        stats,
        network);
  }

  private static void writeNetwork(DataOutputStream out, DenseNetwork network) throws IOException {
    out.writeInt(network.layers().size());
    for (DenseLayer layer : network.layers()) {
      out.writeInt(layer.outputs());
      out.writeInt(layer.inputs());
      out.writeUTF(layer.activation().name());
      for (float[] row : layer.weights()) {
        for (float w : row) {
          out.writeFloat(w);
        }
      }
      for (float b : layer.bias()) {
        out.writeFloat(b);
      }
    }
  }

  private static DenseNetwork readNetwork(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<DenseLayer> layers = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      int outputs = in.readInt();
      int inputs = in.readInt();
      Activation activation = Activation.valueOf(in.readUTF());
      float[][] w = new float[outputs][inputs];
      for (float[] row : w) {
        for (int i = 0; i < inputs; i++) {
          row[i] = in.readFloat();
        }
      }
      float[] b = new float[outputs];
      for (int o = 0; o < outputs; o++) {
        b[o] = in.readFloat();
      }
      layers.add(new DenseLayer(w, b, activation));
    }
    return new DenseNetwork(layers);
  }
}
