package ai.lepton.reconcile;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a reconcile run did: the report the CLI prints with {@code --report}, a notebook displays,
 * and a test asserts on. Every input row is accounted for per source: {@code rowsRead =
 * rowsQuarantined + duplicateKeys + rowsInGolden + rowsLostConflict}.
 *
 * <p>{@code repeats} names the earlier run whose result this run repeated because nothing had
 * changed since (same files, settings and golden version; see docs/reconcile-reruns.md); null when
 * the run was computed.
 */
public record ReconcileResult(
    String job,
    JobResult.Status status,
    String runId,
    Instant startedAt,
    long durationMs,
    boolean dryRun,
    List<Source> sources,
    Counts counts,
    Golden golden,
    Table discrepancies,
    Table quarantine,
    Gate gate,
    Schema schema,
    Conflicts conflicts,
    String repeats)
    implements JobResult {

  /** What {@code lepton reconcile} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> ReconcileSummary.print(this, out));
  }

  /** Copies the lists, so a result never changes once made. */
  public ReconcileResult {
    sources = List.copyOf(sources);
  }

  /**
   * The result of a computed run that started at {@code started} and ends now: succeeded when its
   * {@code gate} passed, else failed; {@code discrepancyRows} and {@code quarantineRows} are the
   * rows it appended to the tables of {@code output}.
   */
  static ReconcileResult computed(
      String runId,
      Instant started,
      boolean dryRun,
      List<Source> sources,
      Counts counts,
      Golden golden,
      ReconcileConfig.Output output,
      long discrepancyRows,
      long quarantineRows,
      Gate gate,
      Schema schema,
      Conflicts conflicts) {
    return new ReconcileResult(
        "reconcile",
        gate.passed() ? JobResult.Status.SUCCEEDED : JobResult.Status.FAILED,
        runId,
        started,
        java.time.Duration.between(started, Instant.now()).toMillis(),
        dryRun,
        sources,
        counts,
        golden,
        new Table(output.discrepancies(), discrepancyRows),
        new Table(output.quarantine(), quarantineRows),
        gate,
        schema,
        conflicts,
        null);
  }

  /**
   * Conflicting keys per compared column (columns without a conflict left out), and up to {@code
   * lepton.reconcile.sample-size} examples per column.
   */
  public record Conflicts(Map<String, Long> byColumn, List<ConflictSample> samples) {

    /** Copies the collections. */
    public Conflicts {
      byColumn = Copies.map(byColumn);
      samples = List.copyOf(samples);
    }
  }

  /**
   * One conflict: the key's columns, the column, each present source's value as text, the winner.
   */
  public record ConflictSample(
      Map<String, String> key, String column, Map<String, String> values, String winner) {

    /** Copies the maps. */
    public ConflictSample {
      key = Copies.map(key);
      values = Copies.map(values);
    }
  }

  /** What each source brought: every aligned column, per source. */
  public record Schema(List<SchemaColumn> columns) {

    /** Copies the list. */
    public Schema {
      columns = List.copyOf(columns);
    }
  }

  /**
   * One aligned column: its type per source that has it ({@code sourceTypes}), the type all sources
   * are compared in ({@code alignedType}), the sources that lack it ({@code missingIn}: null
   * there), the sources whose own type was widened ({@code widenedIn}), its {@code role} ({@code
   * key}, {@code compared}, {@code carried} into golden without comparison, or {@code ignored}: in
   * {@code ignore-columns}, carried but never compared), its tolerance (null when compared
   * exactly), the sources that rename it ({@code mappedFrom}: source to its own name for the
   * column, from {@code sources[i].columns}) and the sources that compute it ({@code transforms}:
   * source to expression, from {@code sources[i].transform}; such a source's {@code sourceTypes}
   * entry is the expression's type, cast to the aligned type).
   */
  public record SchemaColumn(
      String name,
      String alignedType,
      String role,
      Map<String, String> sourceTypes,
      List<String> missingIn,
      List<String> widenedIn,
      String tolerance,
      Map<String, String> mappedFrom,
      Map<String, String> transforms) {

    /** Copies the collections. */
    public SchemaColumn {
      sourceTypes = Copies.map(sourceTypes);
      missingIn = List.copyOf(missingIn);
      widenedIn = List.copyOf(widenedIn);
      mappedFrom = Copies.map(mappedFrom);
      transforms = Copies.map(transforms);
    }

    /** A column no source renames or transforms. */
    public SchemaColumn(
        String name,
        String alignedType,
        String role,
        Map<String, String> sourceTypes,
        List<String> missingIn,
        List<String> widenedIn,
        String tolerance) {
      this(
          name,
          alignedType,
          role,
          sourceTypes,
          missingIn,
          widenedIn,
          tolerance,
          Map.of(),
          Map.of());
    }
  }

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
  public record Counts(long keys, long matched, long conflicting, Map<String, Long> missing) {

    /** Copies the map. */
    public Counts {
      missing = Copies.map(missing);
    }
  }

  /**
   * The golden table after the run: its version, its rows, and what this run changed. {@code
   * committed} is false when nothing changed, on a dry run, when a budget stopped the run, or when
   * Delta skipped the write. A write carries Delta's transaction identifier {@code txnAppId} (this
   * golden table's reconcile) and {@code txnVersion} (the run number; -1 when nothing was written).
   * {@code skippedAsRetry}: Delta skipped this run's write because the table already holds a commit
   * with this run number, made by an earlier attempt of the run that was killed after its golden
   * commit; {@code pendingChanges} keys this run would have inserted, updated or deleted are then
   * applied by the next run.
   */
  public record Golden(
      String uri,
      long version,
      long rows,
      long inserted,
      long updated,
      long deleted,
      boolean committed,
      String txnAppId,
      long txnVersion,
      boolean skippedAsRetry,
      long pendingChanges) {

    /** A golden outcome without a transaction identifier (nothing written). */
    public Golden(
        String uri,
        long version,
        long rows,
        long inserted,
        long updated,
        long deleted,
        boolean committed) {
      this(uri, version, rows, inserted, updated, deleted, committed, null, -1, false, 0);
    }
  }

  /** An appended table and the rows this run added. */
  public record Table(String uri, long rows) {}

  /**
   * The discrepancy budgets and how the run measured against them: {@code maxConflicts} (-1: no
   * limit) and {@code maxConflictRatio} against {@code conflicts} and {@code conflictRatio}
   * (conflicting keys / keys). When a budget is exceeded, {@code exceeded} is its config key,
   * {@code stage} says when it was decided ({@code keys}: right after matching keys, when no
   * tolerance applies; {@code columns}: after the column-by-column compare) and {@code message}
   * says by how much and what to change; the run then wrote nothing but its runs-table record.
   */
  public record Gate(
      double maxConflictRatio,
      double conflictRatio,
      long maxConflicts,
      long conflicts,
      boolean passed,
      String exceeded,
      String stage,
      String message) {

    /** A ratio-only gate, as before {@code max-conflicts} existed. */
    public Gate(double maxConflictRatio, double conflictRatio, boolean passed) {
      this(maxConflictRatio, conflictRatio, -1, 0, passed, null, null, null);
    }
  }
}
