package ai.lepton.data;

import java.util.Objects;

/**
 * One file of a source as listed by its file system, the signature that tells whether it changed.
 *
 * @param path canonical path (Hadoop's form, e.g. {@code file:/data/a.csv}, {@code s3a://b/k})
 * @param size bytes
 * @param modifiedMs last-modified time in epoch milliseconds
 * @param etag the store's ETag or content hash when it reports one, else empty
 */
public record SourceFile(String path, long size, long modifiedMs, String etag) {

  /** True when {@code other} is the same path with the same size, time and ETag. */
  public boolean unchangedFrom(SourceFile other) {
    return other != null
        && path.equals(other.path)
        && size == other.size
        && modifiedMs == other.modifiedMs
        && Objects.equals(etag, other.etag);
  }
}
