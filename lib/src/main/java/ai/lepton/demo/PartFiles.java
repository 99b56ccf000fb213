package ai.lepton.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Writes lines as a fixed number of UTF-8 part files, Spark style ({@code part-00000.csv}). */
final class PartFiles {

  static final int PARTS = 4;

  private PartFiles() {}

  /** Deletes {@code folder} and everything in it, if it exists. */
  static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot delete old demo data in "
              + folder
              + ": "
              + e.getMessage()
              + ". Remove it by hand.",
          e);
    }
  }

  /**
   * Splits {@code lines} into {@code parts} contiguous, near-equal parts and writes each to {@code
   * folder/part-0000N.extension}, starting with {@code header} when it is not null.
   */
  static void write(Path folder, String extension, String header, List<String> lines, int parts) {
    try {
      Files.createDirectories(folder);
      for (int part = 0; part < parts; part++) {
        int from = (int) ((long) lines.size() * part / parts);
        int to = (int) ((long) lines.size() * (part + 1) / parts);
        Path file = folder.resolve(String.format("part-%05d.%s", part, extension));
        writePart(file, header, lines.subList(from, to));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write demo data to " + folder + ": " + e.getMessage() + ". Check it is writable.",
          e);
    }
  }

  private static void writePart(Path file, String header, List<String> lines) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (header != null) {
        out.write(header);
        out.write('\n');
      }
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
  }
}
