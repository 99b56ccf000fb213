package ai.lepton.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Local folder helpers: the one place Lepton deletes a folder tree. */
public final class LocalFiles {

  private LocalFiles() {}

  /**
   * Deletes {@code dir} and everything under it; a null or missing folder is fine.
   *
   * @throws IOException the first file or folder that could not be deleted
   */
  public static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes a scratch folder as far as it can: errors are ignored, since a temporary folder left
   * behind is not worth failing a run for.
   */
  public static void deleteScratch(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      // what is left is scratch in the temp folder
    }
  }
}
