package ai.lepton.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a job's scratch folders after success and after failure. */
final class TempFolders {

  private TempFolders() {}

  /** Deletes {@code dir} and everything under it; null or missing is fine, errors are ignored. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // scratch in the temp folder: the next clean-up of the machine removes what is left
    }
  }
}
