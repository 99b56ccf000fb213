package ai.lepton.jobs;

import ai.lepton.JobResult;
import java.io.PrintWriter;

/**
 * Prints a job's result for people: its {@link JobResult#summary()}, the same text a notebook
 * shows.
 */
final class Summaries {

  private Summaries() {}

  /** Prints {@code result}'s summary to {@code out}. */
  static void print(JobResult result, PrintWriter out) {
    out.print(result.summary());
    out.flush();
  }
}
