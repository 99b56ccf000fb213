package ai.lepton.model;

import ai.lepton.internal.LocalFiles;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.WriteResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model directory: the model files plus {@code lepton-model.json} naming each with its SHA-256.
 * Models are built in a local staging folder ({@link #seal}), then published to any store ({@link
 * #publish}: files first, manifest last), and read back verified ({@link #fetch}).
 */
public final class ModelDirectory {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final String CHECK_STAGING = LocalModelFolder.CHECK_STAGING;

  private static final String CHECK_STORE =
      "Check that the store is reachable and that its credentials may read the model.";

  private ModelDirectory() {}

  /** The manifest as JSON text. */
  public static String toJson(ModelManifest manifest) {
    try {
      return JSON.writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw ModelErrors.manifestNotWritable(e);
    }
  }

  /** A manifest from JSON text; {@code where} names its origin in errors. */
  public static ModelManifest fromJson(String json, String where) {
    try {
      ModelManifest m = JSON.readValue(json, ModelManifest.class);
      if (m.formatVersion() > ModelManifest.FORMAT_VERSION) {
        throw ModelErrors.layoutTooNew(where, m.formatVersion());
      }
      return m;
    } catch (JsonProcessingException e) {
      throw ModelErrors.notAManifest(where, e.getOriginalMessage(), e);
    }
  }

  /**
   * Hashes every file under {@code dir} (except the manifest), writes {@code lepton-model.json}
   * with those entries, and returns the manifest written.
   */
  public static ModelManifest seal(Path dir, ModelManifest draft) {
    return LocalModelFolder.seal(dir, draft);
  }

  /** The file beside a model's run folders that names the latest one. */
  public static final String LATEST = "latest";

  /**
   * Writes {@code <root>/latest} naming {@code version}, the folder under {@code root} just
   * published, so a later job can name {@code root} and get the newest model.
   */
  public static void pointLatest(String root, String version, ObjectStores stores) {
    String at = child(root, LATEST);
    stores
        .forUri(at)
        .write(
            at,
            new java.io.ByteArrayInputStream((version + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The model directory {@code uri} names: itself when it holds a manifest, else the folder its
   * {@code latest} file names (a model root written by lepton train).
   */
  public static String resolve(String uri, ObjectStores stores) {
    String manifest = child(uri, ModelManifest.FILE);
    ObjectStore store = stores.forUri(manifest);
    if (store.exists(manifest)) {
      return uri;
    }
    String latest = child(uri, LATEST);
    if (!store.exists(latest)) {
      return uri;
    }
    try (InputStream in = store.open(latest)) {
      String version = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (version.isEmpty() || version.contains("/") || version.contains("..")) {
        throw ModelErrors.badLatest(latest, version);
      }
      return child(uri, version);
    } catch (IOException e) {
      throw ModelErrors.io("read " + latest, e, CHECK_STORE);
    }
  }

  /**
   * Reads the manifest of the model directory at {@code uri} (any store); a model root is followed
   * to its latest model ({@link #resolve}).
   */
  public static ModelManifest read(String uri, ObjectStores stores) {
    uri = resolve(uri, stores);
    String at = child(uri, ModelManifest.FILE);
    ObjectStore store = stores.forUri(at);
    if (!store.exists(at)) {
      throw ModelErrors.noModel(uri);
    }
    try (InputStream in = store.open(at)) {
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), at);
    } catch (IOException e) {
      throw ModelErrors.io("read " + at, e, CHECK_STORE);
    }
  }

  /**
   * Publishes a sealed local model directory to {@code uri}: every file of the manifest, each
   * checked against its SHA-256, then the manifest last.
   */
  public static ModelManifest publish(Path localDir, String uri, ObjectStores stores) {
    ModelManifest manifest = verifyLocal(localDir);
    for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
      String target = child(uri, e.getKey());
      WriteResult written = writeFile(stores, localDir.resolve(e.getKey()), target);
      if (!written.sha256().equals(e.getValue().sha256())) {
        throw ModelErrors.publishMismatch(target, written.sha256(), e.getValue().sha256());
      }
    }
    writeFile(stores, localDir.resolve(ModelManifest.FILE), child(uri, ModelManifest.FILE));
    return manifest;
  }

  /**
   * Copies the model directory at {@code uri} into {@code localDir} (created, replaced if present)
   * and checks every file against the manifest: a missing file, an extra file or a checksum
   * mismatch is a {@link ModelException}.
   */
  public static ModelManifest fetch(String uri, ObjectStores stores, Path localDir) {
    uri = resolve(uri, stores);
    ModelManifest manifest = read(uri, stores);
    String prefix = child(uri, "");
    ObjectStore store = stores.forUri(prefix);
    TreeSet<String> present = new TreeSet<>();
    for (ObjectInfo info : store.list(prefix)) {
      String rel = relative(prefix, info.uri());
      if (rel != null
          && !rel.isEmpty()
          && !rel.endsWith("/")
          && !LocalModelFolder.isHadoopChecksum(rel.substring(rel.lastIndexOf('/') + 1))) {
        present.add(rel);
      }
    }
    present.remove(ModelManifest.FILE);
    TreeSet<String> extra = new TreeSet<>(present);
    extra.removeAll(manifest.files().keySet());
    if (!extra.isEmpty()) {
      throw ModelErrors.extraFiles(
          uri, extra, "The directory was changed after it was written; publish it again.");
    }
    try {
      LocalFiles.deleteTree(localDir);
      Files.createDirectories(localDir);
      for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
        String from = child(uri, e.getKey());
        if (!present.contains(e.getKey())) {
          throw ModelErrors.missingFile(uri, e.getKey(), "Publish the model again.");
        }
        Path to = localDir.resolve(e.getKey());
        Files.createDirectories(to.getParent());
        try (InputStream in = store.open(from)) {
          Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.writeString(localDir.resolve(ModelManifest.FILE), toJson(manifest));
    } catch (IOException e) {
      throw ModelErrors.io(
          "copy the model at " + uri + " to " + localDir,
          e,
          "Check that the store is reachable and that the local folder is writable.");
    }
    verifyLocal(localDir);
    return manifest;
  }

  /**
   * Checks a local model directory against its manifest and returns the manifest: a missing file,
   * an extra file or a checksum mismatch is a {@link ModelException}.
   */
  public static ModelManifest verifyLocal(Path dir) {
    return LocalModelFolder.verify(dir);
  }

  /** {@code name} inside the directory {@code uri}. */
  public static String child(String uri, String name) {
    return uri.endsWith("/") ? uri + name : uri + "/" + name;
  }

  private static String relative(String prefix, String uri) {
    if (uri.startsWith(prefix)) {
      return uri.substring(prefix.length());
    }
    int at = uri.indexOf(stripScheme(prefix));
    return at < 0 ? null : uri.substring(at + stripScheme(prefix).length());
  }

  private static String stripScheme(String uri) {
    int colon = uri.indexOf(':');
    String rest = colon > 0 && colon < 8 ? uri.substring(colon + 1) : uri;
    while (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    return rest;
  }

  private static WriteResult writeFile(ObjectStores stores, Path from, String to) {
    try (InputStream in = Files.newInputStream(from)) {
      return stores.forUri(to).write(to, in, Files.size(from));
    } catch (IOException e) {
      throw ModelErrors.io("publish " + from + " to " + to, e, CHECK_STAGING);
    }
  }
}
