package ai.lepton.jobs.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.jobs.notebooks.ZeppelinNote.Paragraph;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every note in notebooks/ has the structure Zeppelin 0.10+ imports and Lepton's conventions. */
class NotebookFormatTest {

  @Test
  void theFourNotebooksOfTheIssueExist() {
    assertThat(Notebooks.all().stream().map(p -> p.getFileName().toString()))
        .containsExactly(
            "01-reconcile-across-clouds.zpln",
            "02-train-and-quantize.zpln",
            "03-export-and-serve.zpln",
            "04-plan-a-cluster.zpln");
  }

  @TestFactory
  Stream<DynamicTest> everyNoteHasTheStructureZeppelinImports() {
    return Notebooks.all().stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> assertThat(NoteChecks.problems(ZeppelinNote.read(f))).isEmpty()));
  }

  @Test
  void noteAndParagraphIdsAreUniqueAcrossNotebooks() {
    Set<String> ids = new HashSet<>();
    for (Path f : Notebooks.all()) {
      ZeppelinNote note = ZeppelinNote.read(f);
      assertThat(ids.add(note.id())).as("note id %s of %s", note.id(), f).isTrue();
      for (Paragraph p : note.paragraphs()) {
        assertThat(ids.add(p.id())).as("paragraph id %s of %s", p.id(), f).isTrue();
      }
    }
  }

  @Test
  void reconcileNoteChartsDiscrepanciesByKindAndColumn() {
    ZeppelinNote note =
        ZeppelinNote.read(Notebooks.dir().resolve("01-reconcile-across-clouds.zpln"));
    Paragraph chart =
        note.paragraphs().stream()
            .filter(p -> "Discrepancies by kind and column".equals(p.title()))
            .findFirst()
            .orElseThrow();
    assertThat(chart.graph())
        .hasValueSatisfying(
            g -> {
              assertThat(g.mode()).isEqualTo("multiBarChart");
              assertThat(g.columns()).containsExactly("column", "kind", "discrepancies");
            });
    assertThat(note.paragraphs()).allMatch(Paragraph::enabled);
  }

  @Test
  void planNoteChartsPlanCosts() {
    ZeppelinNote note = ZeppelinNote.read(Notebooks.dir().resolve("04-plan-a-cluster.zpln"));
    assertThat(
            note.paragraphs().stream()
                .filter(p -> p.graph().map(ZeppelinNote.Graph::isChart).orElse(false))
                .map(Paragraph::title))
        .containsExactly("Plan costs");
    assertThat(note.paragraphs()).allMatch(Paragraph::enabled);
  }

  @Test
  void everyParagraphOfEveryNoteIsEnabled() {
    for (Path note : Notebooks.all()) {
      assertThat(ZeppelinNote.read(note).paragraphs())
          .as("paragraphs of %s", note.getFileName())
          .allMatch(Paragraph::enabled);
    }
  }

  @Test
  void checksReportAMissingInterpreterAndADuplicateParagraphId() {
    ZeppelinNote.Config config = new ZeppelinNote.Config("ace/mode/scala", true, true, null, null);
    ZeppelinNote note =
        new ZeppelinNote(
            "Bad",
            "2BADNOTE1",
            "spark",
            List.of(
                new Paragraph("paragraph_1764252000000_1", "Intro", "%md\n# Hi", mdConfig()),
                new Paragraph("paragraph_1764252000000_1", "Code", "println(1)", config)));
    assertThat(NoteChecks.problems(note))
        .containsExactly(
            "paragraph 2 'Code' (paragraph_1764252000000_1): id is used by an earlier paragraph",
            "paragraph 2 'Code' (paragraph_1764252000000_1): text must start with one of %md,"
                + " %spark, %sql, %spark.sql",
            "paragraph 2 'Code' (paragraph_1764252000000_1): the first code paragraph must be"
                + " %spark and read the work dir from sys.props(\"lepton.notebook.workdir\")");
  }

  private static ZeppelinNote.Config mdConfig() {
    return new ZeppelinNote.Config("ace/mode/markdown", true, true, null, null);
  }
}
