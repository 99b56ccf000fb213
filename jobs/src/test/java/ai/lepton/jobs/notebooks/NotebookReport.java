package ai.lepton.jobs.notebooks;

import java.util.List;

/**
 * What running one note found: whether every enabled paragraph ran, the first failure (naming the
 * paragraph, with the interpreter's output), and how long each step took.
 *
 * @param failure empty when the note passed
 * @param sparkStartMs creating the Spark session
 * @param replStartMs starting the Scala interpreter and binding {@code spark}
 */
record NotebookReport(
    String notebook,
    boolean passed,
    String failure,
    List<Step> paragraphs,
    long sparkStartMs,
    long replStartMs,
    long totalMs) {

  /** One paragraph: 1-based index, title, interpreter, ran | disabled | failed, and time. */
  record Step(int index, String title, String interpreter, String status, long millis) {}

  static NotebookReport passed(
      String notebook, List<Step> steps, long sparkMs, long replMs, long startNanos) {
    return new NotebookReport(
        notebook, true, "", List.copyOf(steps), sparkMs, replMs, millisSince(startNanos));
  }

  static NotebookReport failed(
      String notebook,
      String failure,
      List<Step> steps,
      long sparkMs,
      long replMs,
      long startNanos) {
    return new NotebookReport(
        notebook, false, failure, List.copyOf(steps), sparkMs, replMs, millisSince(startNanos));
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
