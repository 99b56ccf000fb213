package ai.lepton.export;

import ai.lepton.internal.Checksums;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.WriteResult;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Publishes one target's staged files: every file, each checked against its SHA-256, then {@code
 * manifest.json} last, then the {@code latest} pointer. Files already stored with the right
 * checksum are not uploaded again, so a re-run after a kill completes the version, and a re-run
 * after success uploads nothing.
 */
final class Publisher {

  /** The pointer object beside the versions: its content is the latest version and a newline. */
  static final String LATEST = "latest";

  /** The routing file beside the {@code latest} pointers when several targets are configured. */
  static final String ROUTING = "routing.json";

  private static final ObjectMapper READER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final ObjectStores stores;
  private final Consumer<String> log;
  private final Consumer<String> onUpload;

  Publisher(ObjectStores stores, Consumer<String> log, Consumer<String> onUpload) {
    this.stores = stores;
    this.log = log;
    this.onUpload = onUpload;
  }

  /** {@code <uri>/<name>/}: the model's folder on a target, holding its versions and pointers. */
  static String modelFolder(ExportTarget t, String name) {
    return ModelDirectory.child(t.uri(), name + "/");
  }

  /** {@code <uri>/<name>/<version>/}. */
  static String versionFolder(ExportTarget t, String name, String version) {
    return modelFolder(t, name) + version + "/";
  }

  /**
   * The manifest already published for this version, if any. Runs before any upload to any target,
   * so a store that is missing or refuses the credentials stops the export before anything is
   * written.
   */
  Optional<ExportManifest> existing(ExportTarget t, String name, String version) {
    String folder = versionFolder(t, name, version);
    String uri = folder + ExportManifest.FILE;
    ObjectStore store = stores.forUri(uri);
    // a listing (not a HEAD request) so that rejected credentials are told apart from denied access
    if (store.list(folder).stream()
        .noneMatch(o -> o.uri().endsWith("/" + version + "/" + ExportManifest.FILE))) {
      return Optional.empty();
    }
    try (InputStream in = store.open(uri)) {
      return Optional.of(READER.readValue(in, ExportManifest.class));
    } catch (IOException e) {
      throw ExportErrors.notAManifest(uri, e);
    }
  }

  /** Publishes {@code staged} with {@code manifest} (whose files describe the staged files). */
  ExportResult.Target publish(
      StagedTarget staged, ExportManifest manifest, Optional<ExportManifest> existing) {
    ExportTarget t = staged.target();
    String base = versionFolder(t, manifest.name(), manifest.version());
    long total = manifest.files().values().stream().mapToLong(ModelManifest.FileEntry::size).sum();
    if (existing.isPresent()) {
      checkSameContent(base, existing.get(), manifest);
      checkStored(base, manifest);
      boolean moved = moveLatest(t, manifest);
      log.accept(
          t.name()
              + ": "
              + base
              + " already holds this version with the same checksums; nothing uploaded"
              + (moved ? " (latest moved to it)" : ""));
      return result(staged, base, manifest.files().size(), 0, 0, total, true);
    }
    int uploaded = 0;
    long bytes = 0;
    for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
      String uri = base + e.getKey();
      Path local = staged.files().get(e.getKey());
      if (alreadyStored(uri, e.getValue())) {
        continue;
      }
      WriteResult written = upload(local, uri);
      if (!written.sha256().equalsIgnoreCase(e.getValue().sha256())) {
        throw ExportErrors.uploadMismatch(uri, written.sha256(), e.getValue().sha256());
      }
      uploaded++;
      bytes += written.size();
      onUpload.accept(uri);
      log.accept(t.name() + ": uploaded " + uri + " (SHA-256 verified; manifest.json comes last)");
    }
    byte[] json = ExportManifests.bytes(manifest);
    String manifestUri = base + ExportManifest.FILE;
    WriteResult written =
        stores.forUri(manifestUri).write(manifestUri, new ByteArrayInputStream(json), json.length);
    if (!written.sha256().equals(Checksums.sha256Hex(json))) {
      throw ExportErrors.manifestMismatch(manifestUri);
    }
    moveLatest(t, manifest);
    log.accept(
        t.name()
            + ": published "
            + base
            + " ("
            + uploaded
            + " of "
            + manifest.files().size()
            + " files uploaded, checksums verified)");
    return result(staged, base, manifest.files().size(), uploaded, bytes, total, false);
  }

  /** Writes {@code text} at {@code uri} unless it already holds exactly that; true if written. */
  boolean writeIfChanged(String uri, String text) {
    ObjectStore store = stores.forUri(uri);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Optional<ObjectInfo> info = store.stat(uri);
    if (info.isPresent()
        && info.get().size() == bytes.length
        && store.sha256(uri).equals(Checksums.sha256Hex(bytes))) {
      return false;
    }
    store.write(uri, new ByteArrayInputStream(bytes), bytes.length);
    return true;
  }

  /** The version the {@code latest} pointer of the model's folder names, if any. */
  Optional<String> latest(ExportTarget t, String name) {
    String uri = modelFolder(t, name) + LATEST;
    ObjectStore store = stores.forUri(uri);
    if (store.stat(uri).isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = store.open(uri)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw ExportErrors.io(
          "read " + uri,
          e,
          "Check that the store is reachable and its credentials may read " + uri + ".");
    }
  }

  private boolean moveLatest(ExportTarget t, ExportManifest manifest) {
    return writeIfChanged(modelFolder(t, manifest.name()) + LATEST, manifest.version() + "\n");
  }

  private boolean alreadyStored(String uri, ModelManifest.FileEntry expected) {
    ObjectStore store = stores.forUri(uri);
    Optional<ObjectInfo> info = store.stat(uri);
    return info.isPresent()
        && info.get().size() == expected.size()
        && store.sha256(uri).equalsIgnoreCase(expected.sha256());
  }

  private WriteResult upload(Path local, String uri) {
    try (InputStream in = Files.newInputStream(local)) {
      return stores.forUri(uri).write(uri, in, Files.size(local));
    } catch (IOException e) {
      throw ExportErrors.staging("read the packaged file " + local + " to upload it", e);
    }
  }

  private static void checkSameContent(
      String base, ExportManifest existing, ExportManifest manifest) {
    if (existing.files().equals(manifest.files()) && existing.forced() == manifest.forced()) {
      return;
    }
    String differs =
        manifest.files().keySet().stream()
            .filter(k -> !manifest.files().get(k).equals(existing.files().get(k)))
            .findFirst()
            .orElse(
                existing.forced() != manifest.forced()
                    ? "forced"
                    : existing.files().keySet().toString());
    throw ExportErrors.versionExists(base, manifest.version(), manifest.name(), differs);
  }

  /** Checks that every file the existing manifest names is stored with its size. */
  private void checkStored(String base, ExportManifest manifest) {
    for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
      String uri = base + e.getKey();
      Optional<ObjectInfo> info = stores.forUri(uri).stat(uri);
      if (info.isEmpty() || info.get().size() != e.getValue().size()) {
        throw ExportErrors.damagedVersion(base, e.getKey(), info.isEmpty());
      }
    }
  }

  private static ExportResult.Target result(
      StagedTarget staged,
      String base,
      int files,
      int uploaded,
      long bytes,
      long total,
      boolean upToDate) {
    ExportTarget t = staged.target();
    return new ExportResult.Target(
        t.name(),
        t.type().id(),
        base,
        base + staged.artifact(),
        base + ExportManifest.FILE,
        files,
        uploaded,
        bytes,
        total,
        true,
        upToDate,
        staged.notes());
  }
}
