package ai.lepton.storage;

import java.io.Serializable;

/**
 * What a write stored, with the SHA-256 computed while the data streamed through.
 *
 * @param uri where it was written
 * @param size bytes written
 * @param sha256 lower-case hex SHA-256 of the bytes written
 * @param etag the server's entity tag of the new object, without quotes
 * @param parts requests the data went in: 1 for a single request, else the number of parts
 * @param verification how the stored object was checked against {@code sha256}
 */
public record WriteResult(
    String uri, long size, String sha256, String etag, int parts, Verification verification)
    implements Serializable {

  /** How a write was checked after the store accepted it. */
  public enum Verification {
    /** The server checked a checksum of every request against bytes we hashed ourselves. */
    SERVER_CHECKSUM,
    /** The object was read back and its SHA-256 compared. */
    REREAD,
    /** Not checked ({@code verify-writes = none}). */
    NONE
  }
}
