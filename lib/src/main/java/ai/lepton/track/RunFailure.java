package ai.lepton.track;

/**
 * Ties a job's failure to its run: the action that failed tags the exception with its run id
 * ({@link #tag}) before rethrowing it unchanged, and whoever reports the failure reads it back
 * ({@link #runId}), so a failed report can be joined to the runs table.
 */
public final class RunFailure {

  private RunFailure() {}

  /** Marks {@code error} (unchanged otherwise) as the failure of run {@code runId}. */
  public static void tag(Throwable error, String runId) {
    if (runId(error) == null) {
      error.addSuppressed(new Tag(runId));
    }
  }

  /** The run id {@code error} or one of its causes was tagged with, or null. */
  public static String runId(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof Tag tag) {
          return tag.runId;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** The marker: carries the run id, no stack trace. */
  private static final class Tag extends RuntimeException {
    private final String runId;

    Tag(String runId) {
      super("run " + runId, null, false, false);
      this.runId = runId;
    }
  }
}
