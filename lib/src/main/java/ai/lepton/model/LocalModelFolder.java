package ai.lepton.model;

import ai.lepton.internal.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A model directory in a local folder: sealed (every file hashed into {@code lepton-model.json})
 * and verified against that manifest. Hadoop's hidden {@code .crc} files are not model files.
 */
final class LocalModelFolder {

  static final String CHECK_STAGING =
      "Check that the local folder exists, is readable and writable, and that its disk is not"
          + " full.";

  private LocalModelFolder() {}

  /**
   * Hashes every file under {@code dir} (except the manifest), writes {@code lepton-model.json}
   * with those entries, and returns the manifest written.
   */
  static ModelManifest seal(Path dir, ModelManifest draft) {
    Map<String, ModelManifest.FileEntry> files = new LinkedHashMap<>();
    for (Path f : localFiles(dir)) {
      files.put(relative(dir, f), entry(f));
    }
    ModelManifest sealed = draft.withFiles(files);
    try {
      Files.writeString(dir.resolve(ModelManifest.FILE), ModelDirectory.toJson(sealed));
    } catch (IOException e) {
      throw ModelErrors.io("write " + dir.resolve(ModelManifest.FILE), e, CHECK_STAGING);
    }
    return sealed;
  }

  /**
   * Checks a local model directory against its manifest and returns the manifest: a missing file,
   * an extra file or a checksum mismatch is a {@link ModelException}.
   */
  static ModelManifest verify(Path dir) {
    Path file = dir.resolve(ModelManifest.FILE);
    if (!Files.isRegularFile(file)) {
      throw ModelErrors.noLocalModel(dir);
    }
    ModelManifest manifest;
    try {
      manifest = ModelDirectory.fromJson(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw ModelErrors.io("read " + file, e, CHECK_STAGING);
    }
    TreeSet<String> present = new TreeSet<>();
    for (Path f : localFiles(dir)) {
      present.add(relative(dir, f));
    }
    for (Map.Entry<String, ModelManifest.FileEntry> e : manifest.files().entrySet()) {
      Path f = dir.resolve(e.getKey());
      if (!present.remove(e.getKey())) {
        throw ModelErrors.missingFile(dir, e.getKey(), "");
      }
      String actual = entry(f).sha256();
      if (!actual.equals(e.getValue().sha256())) {
        throw ModelErrors.checksumMismatch(f, actual, e.getValue().sha256());
      }
    }
    if (!present.isEmpty()) {
      throw ModelErrors.extraFiles(dir, present, "");
    }
    return manifest;
  }

  private static List<Path> localFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.equals(dir.resolve(ModelManifest.FILE)))
          .filter(p -> !isHadoopChecksum(p.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw ModelErrors.io("list the model files in " + dir, e, CHECK_STAGING);
    }
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  private static ModelManifest.FileEntry entry(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new ModelManifest.FileEntry(Checksums.sha256Hex(in), Files.size(file));
    } catch (IOException e) {
      throw ModelErrors.io("hash the model file " + file, e, CHECK_STAGING);
    }
  }

  /** Hadoop's hidden {@code .name.crc} files, which are not model files. */
  static boolean isHadoopChecksum(String fileName) {
    return fileName.startsWith(".") && fileName.endsWith(".crc");
  }
}
