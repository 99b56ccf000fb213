package ai.lepton.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes small CSV and JSON-lines source folders for reconcile tests, byte for byte as written:
 * nothing is quoted or escaped for you, so a test can write the malformed values it needs.
 */
public final class SourceFiles {

  private SourceFiles() {}

  /**
   * Writes {@code folder/part-0.csv}: the {@code names} as a header line, then one line per row,
   * its values joined by commas.
   */
  public static void csv(Path folder, List<String> names, List<List<String>> rows)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", names));
    rows.forEach(r -> lines.add(String.join(",", r)));
    lines(folder.resolve("part-0.csv"), lines);
  }

  /**
   * Writes {@code folder/part-0.json}: one object per row, each field's value as JSON text (quote
   * strings with {@link #quoted}).
   */
  public static void json(Path folder, List<Map<String, String>> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Map<String, String> row : rows) {
      List<String> fields = new ArrayList<>();
      row.forEach((name, value) -> fields.add(quoted(name) + ":" + value));
      lines.add("{" + String.join(",", fields) + "}");
    }
    lines(folder.resolve("part-0.json"), lines);
  }

  /** {@code text} in double quotes, not escaped. */
  public static String quoted(String text) {
    return "\"" + text + "\"";
  }

  /** Writes {@code lines} to {@code file}, each ended by a line break, creating its folder. */
  public static void lines(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
  }

  /** As {@link #lines(Path, List)}. */
  public static void lines(Path file, String... lines) throws IOException {
    lines(file, List.of(lines));
  }
}
