package ai.lepton;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;

/**
 * What every Lepton job returns: an immutable record naming the job, how it ended, and its run. The
 * CLI prints it, writes it as JSON with {@code --report}, a notebook displays it and a test asserts
 * on it.
 *
 * <p>Not {@code sealed}: Java allows a sealed type's permitted subclasses in other packages only
 * inside a named module, and lib is on the class path. {@code JobResultTest} checks instead that
 * every result record of lib implements this interface.
 */
public interface JobResult {

  /** The job's name as the CLI spells it, e.g. {@code reconcile}, {@code gpu-check}. */
  String job();

  /** How the job ended. */
  Status status();

  /** This run's id, or null for a job that does not record a run (plan, gpu-check, sync). */
  default String runId() {
    return null;
  }

  /** When the run started, or null for a job that does not report it. */
  default Instant startedAt() {
    return null;
  }

  /** The run's wall time in milliseconds, or 0 for a job that does not time itself. */
  default long durationMs() {
    return 0;
  }

  /**
   * What the job's command prints: the outcome and its figures, for people (lines end in the
   * platform's line separator). A notebook prints the same text.
   */
  String summary();

  /** True when the job ended with {@link Status#SUCCEEDED}. */
  default boolean succeeded() {
    return status() == Status.SUCCEEDED;
  }

  /**
   * How a job ended. In JSON reports, the runs table and printed text it is its lowercase word
   * ({@link #toString()}).
   */
  enum Status {
    /** The job ran and every gate passed. */
    SUCCEEDED("succeeded"),
    /** The job ran and a gate failed, or it failed before it had a result. */
    FAILED("failed"),
    /** Export only: the model's gate had failed and it was not forced, so nothing was published. */
    REFUSED("refused"),
    /** Monitor only: one or more statistics are above their threshold. */
    DRIFT("drift");

    private final String word;

    Status(String word) {
      this.word = word;
    }

    /** The lowercase word written to reports and the runs table. */
    @JsonValue
    public String word() {
      return word;
    }

    /** The lowercase word, so printed text is the same as in the JSON report. */
    @Override
    public String toString() {
      return word;
    }
  }
}
