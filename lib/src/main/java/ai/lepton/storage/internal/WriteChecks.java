package ai.lepton.storage.internal;

import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StoreConfig.VerifyWrites;
import ai.lepton.storage.WriteResult;
import ai.lepton.storage.WriteResult.Verification;

/**
 * Turns a committed write into a {@link WriteResult}, checking it as {@code verify-writes} says.
 */
public final class WriteChecks {

  private WriteChecks() {}

  /**
   * Checks what was stored: trusts the server's per-request checksums under {@code auto} when it
   * reported them, else reads the object back and compares its SHA-256.
   */
  public static WriteResult finish(
      ObjectStore store,
      VerifyWrites mode,
      String uri,
      long size,
      String sha256,
      UploadTarget.Committed committed,
      int parts) {
    Verification how =
        switch (mode) {
          case NONE -> Verification.NONE;
          case AUTO ->
              committed.serverVerified()
                  ? Verification.SERVER_CHECKSUM
                  : reread(store, uri, sha256);
          case REREAD -> reread(store, uri, sha256);
        };
    return new WriteResult(uri, size, sha256, committed.etag(), parts, how);
  }

  private static Verification reread(ObjectStore store, String uri, String sha256) {
    String stored = store.sha256(uri);
    if (!stored.equals(sha256)) {
      throw StorageException.create(
          StorageException.Reason.CHECKSUM_MISMATCH,
          store.name(),
          "write",
          uri,
          "reading it back gave SHA-256 "
              + stored
              + " but "
              + sha256
              + " was written; the"
              + " object was left as stored",
          "Write it again; if this repeats, the store or the network corrupts data.",
          null);
    }
    return Verification.REREAD;
  }
}
