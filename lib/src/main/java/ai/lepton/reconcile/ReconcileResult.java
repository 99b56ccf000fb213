package ai.lepton.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a reconcile run did: the report the CLI prints with {@code --report}, a notebook displays,
 * and a test asserts on. Every input row is accounted for per source: {@code rowsRead =
 * rowsQuarantined + duplicateKeys + rowsInGolden + rowsLostConflict}.
 */
public record ReconcileResult(
    String job,
    String status,
    String runId,
    Instant startedAt,
    long durationMs,
    boolean dryRun,
    List<Source> sources,
    Counts counts,
    Golden golden,
    Table discrepancies,
    Table quarantine,
    Gate gate) {

  /**
   * Per-source accounting, and what reading cost: files and bytes read, and those skipped because
   * they had not changed since the last successful run.
   */
  public record Source(
      String name,
      String uri,
      String format,
      long filesRead,
      long filesSkipped,
      long bytesRead,
      long bytesSkipped,
      long rowsRead,
      long rowsQuarantined,
      long duplicateKeys,
      long rowsInGolden,
      long rowsLostConflict) {

    /** True when every row read is in exactly one bucket. */
    public boolean balanced() {
      return rowsRead == rowsQuarantined + duplicateKeys + rowsInGolden + rowsLostConflict;
    }
  }

  /**
   * Keys by outcome: matched (in every source, all agree), conflicting (values differ), and per
   * source the keys it lacks.
   */
  public record Counts(long keys, long matched, long conflicting, Map<String, Long> missing) {}

  /**
   * The golden table after the run: its version, its rows, and what this run changed. {@code
   * committed} is false when nothing changed, on a dry run, or when the gate failed.
   */
  public record Golden(
      String uri,
      long version,
      long rows,
      long inserted,
      long updated,
      long deleted,
      boolean committed) {}

  /** An appended table and the rows this run added. */
  public record Table(String uri, long rows) {}

  /** The discrepancy budget: conflicting keys / keys against its maximum. */
  public record Gate(double maxConflictRatio, double conflictRatio, boolean passed) {}

  /** True when the run finished and the gate passed. */
  public boolean succeeded() {
    return "succeeded".equals(status);
  }
}
