package ai.lepton.jobs.notebooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of Zeppelin's note format ({@code .zpln}, Zeppelin 0.10 and 0.11) that the notebook
 * tests read: the note's name and id, and per paragraph its id, title, text and config. Other
 * fields (dates, results, angular objects) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ZeppelinNote(
    String name, String id, String defaultInterpreterGroup, List<Paragraph> paragraphs) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Reads a {@code .zpln} file. */
  static ZeppelinNote read(Path file) {
    try {
      return JSON.readValue(file.toFile(), ZeppelinNote.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Zeppelin note " + file + ": " + e, e);
    }
  }

  /** One paragraph: {@code text} starts with the interpreter, e.g. {@code %spark}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Paragraph(String id, String title, String text, Config config) {

    /**
     * The interpreter prefix without {@code %}, e.g. {@code spark.sql}; empty when there is none.
     */
    String interpreter() {
      String t = text == null ? "" : text.stripLeading();
      if (!t.startsWith("%")) {
        return "";
      }
      int end = 1;
      while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
        end++;
      }
      return t.substring(1, end).toLowerCase(Locale.ROOT);
    }

    /** The text after the interpreter prefix. */
    String code() {
      String t = text == null ? "" : text.stripLeading();
      return interpreter().isEmpty() ? t : t.substring(interpreter().length() + 1);
    }

    /** False when Zeppelin's "run all" skips the paragraph ({@code config.enabled = false}). */
    boolean enabled() {
      return config == null || config.enabled() == null || config.enabled();
    }

    /** The chart of the first result, if the paragraph's display is set to one. */
    Optional<Graph> graph() {
      if (config == null || config.results() == null || !config.results().containsKey("0")) {
        return Optional.empty();
      }
      return Optional.ofNullable(config.results().get("0").graph());
    }

    /** How a failure names the paragraph: its 1-based index and title. */
    String describe(int index) {
      return "paragraph "
          + (index + 1)
          + (title == null ? "" : " '" + title + "'")
          + " ("
          + id
          + ")";
    }
  }

  /** A paragraph's editor and display settings. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Config(
      String editorMode,
      Boolean enabled,
      Boolean title,
      EditorSetting editorSetting,
      Map<String, Result> results) {}

  /** The editor's language, e.g. {@code scala}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record EditorSetting(String language) {}

  /** Display settings of one result of a paragraph. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Result(Graph graph) {}

  /**
   * How Zeppelin draws a table result: {@code table} or a chart ({@code multiBarChart}, {@code
   * pieChart}, ...) with the result columns on its keys (x axis), groups (series) and values.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Graph(String mode, List<Column> keys, List<Column> groups, List<Column> values) {

    boolean isChart() {
      return mode != null && !"table".equals(mode);
    }

    /** Every column the chart uses. */
    List<String> columns() {
      return java.util.stream.Stream.of(keys, groups, values)
          .filter(java.util.Objects::nonNull)
          .flatMap(List::stream)
          .map(Column::name)
          .toList();
    }
  }

  /** A result column on a chart axis. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Column(String name, Double index, String aggr) {}
}
