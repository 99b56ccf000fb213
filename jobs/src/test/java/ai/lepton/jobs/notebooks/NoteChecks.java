package ai.lepton.jobs.notebooks;

import ai.lepton.jobs.notebooks.ZeppelinNote.Graph;
import ai.lepton.jobs.notebooks.ZeppelinNote.Paragraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Zeppelin 0.10+ needs of a note to import and run it, and Lepton's own conventions for its
 * notebooks: unique paragraph ids, a known interpreter and a matching editor mode on every
 * paragraph, charts that name their columns, a {@code %md} paragraph opening the note and every
 * step, and a first code paragraph that sets the work dir.
 */
final class NoteChecks {

  /** Interpreter prefix to the editor mode Zeppelin sets for it. */
  static final Map<String, String> EDITOR_MODES =
      Map.of(
          "md", "ace/mode/markdown",
          "spark", "ace/mode/scala",
          "sql", "ace/mode/sql",
          "spark.sql", "ace/mode/sql");

  /** Zeppelin's built-in displays of a table result. */
  static final Set<String> GRAPH_MODES =
      Set.of("table", "multiBarChart", "stackedAreaChart", "lineChart", "pieChart", "scatterChart");

  /** The system property the work-dir paragraph reads. */
  static final String WORK_DIR_PROPERTY = "lepton.notebook.workdir";

  /** Code paragraphs allowed in a row before a {@code %md} paragraph must say what comes next. */
  static final int MAX_CODE_PARAGRAPHS_PER_STEP = 3;

  private static final Pattern NOTE_ID = Pattern.compile("[A-Z0-9]{9}");
  private static final Pattern PARAGRAPH_ID = Pattern.compile("paragraph_\\d{13}_-?\\d+");

  private NoteChecks() {}

  /** Every problem found in {@code note}, each naming the paragraph; empty when it is fine. */
  static List<String> problems(ZeppelinNote note) {
    List<String> problems = new ArrayList<>();
    if (note.name() == null || note.name().isBlank()) {
      problems.add("the note has no name");
    }
    if (note.id() == null || !NOTE_ID.matcher(note.id()).matches()) {
      problems.add("the note id '" + note.id() + "' is not 9 upper-case letters or digits");
    }
    if (!"spark".equals(note.defaultInterpreterGroup())) {
      problems.add(
          "defaultInterpreterGroup is '" + note.defaultInterpreterGroup() + "', not spark");
    }
    List<Paragraph> paragraphs = note.paragraphs() == null ? List.of() : note.paragraphs();
    if (paragraphs.isEmpty()) {
      problems.add("the note has no paragraphs");
      return problems;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < paragraphs.size(); i++) {
      Paragraph p = paragraphs.get(i);
      String where = p.describe(i) + ": ";
      if (p.id() == null || !PARAGRAPH_ID.matcher(p.id()).matches()) {
        problems.add(where + "id is not of the form paragraph_<13-digit millis>_<number>");
      } else if (!ids.add(p.id())) {
        problems.add(where + "id is used by an earlier paragraph");
      }
      problems.addAll(paragraph(where, p));
    }
    problems.addAll(steps(paragraphs));
    return problems;
  }

  private static List<String> paragraph(String where, Paragraph p) {
    List<String> problems = new ArrayList<>();
    String interpreter = p.interpreter();
    if (!EDITOR_MODES.containsKey(interpreter)) {
      problems.add(where + "text must start with one of %md, %spark, %sql, %spark.sql");
      return problems;
    }
    if (p.code().isBlank()) {
      problems.add(where + "has no text after %" + interpreter);
    }
    if (p.title() == null || p.title().isBlank()) {
      problems.add(where + "has no title");
    }
    if (p.config() == null) {
      problems.add(where + "has no config");
      return problems;
    }
    if (!EDITOR_MODES.get(interpreter).equals(p.config().editorMode())) {
      problems.add(
          where
              + "config.editorMode is '"
              + p.config().editorMode()
              + "', expected '"
              + EDITOR_MODES.get(interpreter)
              + "'");
    }
    if (p.config().enabled() == null) {
      problems.add(where + "config.enabled is missing");
    }
    p.graph().ifPresent(g -> problems.addAll(graph(where, interpreter, g)));
    return problems;
  }

  private static List<String> graph(String where, String interpreter, Graph g) {
    List<String> problems = new ArrayList<>();
    if (!GRAPH_MODES.contains(g.mode())) {
      problems.add(where + "graph mode '" + g.mode() + "' is not one of " + GRAPH_MODES);
    }
    if (g.isChart() && !interpreter.endsWith("sql")) {
      problems.add(where + "a chart needs a table result: use %sql");
    }
    if (g.isChart() && (g.keys() == null || g.keys().isEmpty())) {
      problems.add(where + "chart " + g.mode() + " has no keys (x axis)");
    }
    if (g.isChart() && (g.values() == null || g.values().isEmpty())) {
      problems.add(where + "chart " + g.mode() + " has no values");
    }
    return problems;
  }

  /** The note opens with %md, each step has one, and the first code paragraph sets the work dir. */
  private static List<String> steps(List<Paragraph> paragraphs) {
    List<String> problems = new ArrayList<>();
    if (!"md".equals(paragraphs.get(0).interpreter())) {
      problems.add("the first paragraph must be %md saying what the note does");
    }
    int codeInARow = 0;
    boolean sawCode = false;
    for (int i = 0; i < paragraphs.size(); i++) {
      Paragraph p = paragraphs.get(i);
      if ("md".equals(p.interpreter())) {
        codeInARow = 0;
        continue;
      }
      if (!sawCode && !("spark".equals(p.interpreter()) && p.code().contains(WORK_DIR_PROPERTY))) {
        problems.add(
            p.describe(i)
                + ": the first code paragraph must be %spark and read the work dir from"
                + " sys.props(\""
                + WORK_DIR_PROPERTY
                + "\")");
      }
      sawCode = true;
      if (++codeInARow > MAX_CODE_PARAGRAPHS_PER_STEP) {
        problems.add(
            p.describe(i)
                + ": more than "
                + MAX_CODE_PARAGRAPHS_PER_STEP
                + " code paragraphs in a row; add a %md paragraph saying what this step does");
      }
    }
    return problems;
  }
}
