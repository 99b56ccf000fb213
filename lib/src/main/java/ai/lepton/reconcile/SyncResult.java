package ai.lepton.reconcile;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import java.time.Instant;
import java.util.List;

/**
 * What a sync did: the golden version it copied, each source location rewritten from it, and each
 * mirror of the golden table.
 */
public record SyncResult(
    String job,
    JobResult.Status status,
    Instant startedAt,
    long durationMs,
    String golden,
    long goldenVersion,
    List<WriteBack> writeBacks,
    List<Mirror> mirrors)
    implements JobResult {

  /** What {@code lepton sync} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> SyncSummary.print(this, out));
  }

  /** Copies the collections, so a result never changes once made. */
  public SyncResult {
    writeBacks = Copies.list(writeBacks);
    mirrors = Copies.list(mirrors);
  }

  /**
   * A source location rewritten with the golden rows in the source's format; {@code upToDate} when
   * it already held this golden version and nothing was written.
   */
  public record WriteBack(
      String source,
      String uri,
      String format,
      long rows,
      long filesWritten,
      long filesDeleted,
      boolean upToDate) {}

  /** A copy of the golden Delta table on another store, file by file. */
  public record Mirror(
      String uri, long filesCopied, long filesSkipped, long bytesCopied, long version) {}
}
