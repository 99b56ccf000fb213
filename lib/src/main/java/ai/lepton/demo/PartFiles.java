package ai.lepton.demo;

import ai.lepton.internal.LocalFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes lines as UTF-8 part files, Spark style ({@code part-00000.csv}). */
final class PartFiles {

  static final int PARTS = 4;

  private PartFiles() {}

  /** Deletes {@code folder} and everything in it, if it exists. */
  static void delete(Path folder) {
    try {
      LocalFiles.deleteTree(folder);
    } catch (IOException e) {
      throw DemoErrors.cannotDelete(folder, e);
    }
  }

  /**
   * Writes {@code lines} to {@code folder/part-NNNNN.extension} (part number {@code part}),
   * starting with {@code header} when it is not null, creating the folder if needed.
   */
  static void writePart(
      Path folder, int part, String extension, String header, List<String> lines) {
    Path file = folder.resolve(String.format("part-%05d.%s", part, extension));
    try {
      Files.createDirectories(folder);
      writeLines(file, header, lines);
    } catch (IOException e) {
      throw DemoErrors.cannotWrite(file, e);
    }
  }

  private static void writeLines(Path file, String header, List<String> lines) throws IOException {
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
