package ai.lepton.quantize;

import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Stages a model directory in a driver temp folder and publishes it to its store URI. */
public final class ModelStaging {

  private ModelStaging() {}

  /**
   * Seals {@code staging} and publishes it to {@code uri}: any model already there loses its
   * manifest first (so no reader sees old and new files mixed), then its files; the new files go
   * up, and the manifest last.
   */
  public static void publish(
      Path staging, ModelManifest manifest, String uri, ObjectStores stores) {
    ModelDirectory.seal(staging, manifest);
    String prefix = ModelDirectory.child(uri, "");
    ObjectStore store = stores.forUri(prefix);
    String existing = ModelDirectory.child(uri, ModelManifest.FILE);
    if (store.exists(existing)) {
      store.delete(existing);
    }
    for (ObjectInfo info : store.list(prefix)) {
      store.delete(info.uri());
    }
    ModelDirectory.publish(staging, uri, stores);
  }

  /** A new driver-local temporary folder (staging only; never read by executors). */
  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw QuantizeErrors.staging("create a temporary folder to stage the model", e);
    }
  }

  /** Writes {@code bytes} to {@code file}, creating its folder. */
  public static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw QuantizeErrors.staging("write " + file, e);
    }
  }

  /** Copies a fetched model directory, all but its manifest. */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!p.getFileName().toString().equals(ModelManifest.FILE)) {
          Files.createDirectories(t.getParent());
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw QuantizeErrors.staging("copy the model files from " + from + " to " + to, e);
    }
  }
}
