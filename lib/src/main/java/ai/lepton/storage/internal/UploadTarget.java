package ai.lepton.storage.internal;

import java.util.List;

/**
 * The store-specific half of an upload, driven by {@link MultipartOutput}: one request for small
 * data, or start, parts (called from several threads at once), complete. Implementations wrap their
 * SDK's failures in {@link ai.lepton.storage.StorageException}s.
 */
public interface UploadTarget {

  /** Stores {@code len} bytes of {@code data} in one request. */
  Committed putSingle(byte[] data, int len);

  /** Starts a multipart upload. */
  void start();

  /**
   * Uploads part {@code number} (from 1). The buffer is the caller's until this returns.
   *
   * @return what {@link #complete(List)} needs to know about the part
   */
  Part uploadPart(int number, byte[] data, int len);

  /** Commits the parts, in order. */
  Committed complete(List<Part> parts);

  /** Discards a started upload; must not throw. */
  void abort();

  /**
   * A part the server accepted.
   *
   * @param number its position, from 1
   * @param tag the server's tag for it (S3 ETag, Azure block id)
   * @param checksum the checksum sent with it (Base64), or null
   * @param size its length
   */
  record Part(int number, String tag, String checksum, long size) {}

  /**
   * A committed object.
   *
   * @param etag the server's entity tag, without quotes
   * @param serverVerified true when the server checked a checksum of every request that we computed
   *     from the bytes we hashed
   */
  record Committed(String etag, boolean serverVerified) {}
}
