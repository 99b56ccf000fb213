package ai.lepton.jobs.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's {@code notebooks/} folder. */
final class Notebooks {

  private Notebooks() {}

  /** The notebooks folder, found from the jobs module (the tests' working directory). */
  static Path dir() {
    for (Path candidate : List.of(Path.of("../notebooks"), Path.of("notebooks"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "Cannot find the notebooks/ folder from " + Path.of("").toAbsolutePath());
  }

  /** Every {@code .zpln} file, sorted by name. */
  static List<Path> all() {
    try (Stream<Path> files = Files.list(dir())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".zpln")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
