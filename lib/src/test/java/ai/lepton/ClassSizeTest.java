package ai.lepton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of lib is over {@value #MAX_LINES} lines unless the Javadoc of its top-level
 * type says why, starting with {@value #REASON} (as {@code storage/s3/S3Store} does).
 */
class ClassSizeTest {

  static final int MAX_LINES = 300;
  static final String REASON = "Over 300 lines on purpose:";

  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern TYPE =
      Pattern.compile(
          "^(public\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
              + "(class|interface|enum|record|@interface)\\s");

  @Test
  void noLibClassIsOver300LinesWithoutAReasonAtItsTop() {
    List<String> offenders = new ArrayList<>();
    int read = 0;
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        read++;
        List<String> lines = Files.readAllLines(file);
        if (lines.size() > MAX_LINES && !topJavadoc(lines).contains(REASON)) {
          offenders.add("  " + MAIN.relativize(file) + ": " + lines.size() + " lines");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(read > 100, "read too few sources from " + MAIN.toAbsolutePath());
    assertTrue(
        offenders.isEmpty(),
        offenders.size()
            + " class(es) in lib/src/main/java are over "
            + MAX_LINES
            + " lines:\n"
            + String.join("\n", offenders)
            + "\nSplit each by responsibility into classes under "
            + MAX_LINES
            + " lines, or, where a split would make the code worse, write the reason in the"
            + " Javadoc of its top-level type, starting with \""
            + REASON
            + " …\" (see storage/s3/S3Store.java).");
  }

  @Test
  void topJavadocIsTheCommentOfTheTypeWithItsLinesJoined() {
    List<String> wrapped =
        List.of(
            "package x;",
            "",
            "/**",
            " * Reads things.",
            " *",
            " * <p>Over 300",
            " * lines on purpose: one method per operation.",
            " */",
            "public final class Big {",
            "  /** Over 300 lines on purpose: not here. */",
            "}");
    assertEquals(
        "Reads things. <p>Over 300 lines on purpose: one method per operation.",
        topJavadoc(wrapped));
    assertTrue(topJavadoc(wrapped).contains(REASON));
    List<String> onAMethod =
        List.of(
            "package x;",
            "/** Small. */",
            "final class Big {",
            "  /** Over 300 lines on purpose: a method's Javadoc does not count. */",
            "  void m() {}",
            "}");
    assertFalse(topJavadoc(onAMethod).contains(REASON));
  }

  /**
   * The text of the last Javadoc comment before the first top-level type declaration, its lines
   * joined by single spaces without their leading {@code *}; empty when there is none.
   */
  static String topJavadoc(List<String> lines) {
    List<String> comment = List.of();
    List<String> open = null;
    for (String line : lines) {
      String s = line.strip();
      if (open == null && s.startsWith("/**")) {
        open = new ArrayList<>();
        s = s.substring(3);
      } else if (open == null && TYPE.matcher(line).find()) {
        break;
      } else if (open == null) {
        continue;
      }
      boolean closes = s.endsWith("*/");
      if (closes) {
        s = s.substring(0, s.length() - 2);
      }
      s = s.strip();
      if (s.startsWith("*")) {
        s = s.substring(1).strip();
      }
      if (!s.isEmpty()) {
        open.add(s);
      }
      if (closes) {
        comment = open;
        open = null;
      }
    }
    return String.join(" ", comment);
  }
}
