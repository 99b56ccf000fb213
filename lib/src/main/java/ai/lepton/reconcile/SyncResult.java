package ai.lepton.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What a sync did: the golden version it copied, each source location rewritten from it, and each
 * mirror of the golden table.
 */
public record SyncResult(
    String job,
    String status,
    Instant startedAt,
    long durationMs,
    String golden,
    long goldenVersion,
    List<WriteBack> writeBacks,
    List<Mirror> mirrors) {

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
