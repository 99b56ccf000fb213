package ai.lepton.storage.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a stream through while computing its SHA-256 (and optionally MD5) and counting bytes. Mark
 * and reset are not supported, so a client that must replay data buffers it itself and every byte
 * is hashed exactly once.
 */
public final class HashingInputStream extends FilterInputStream {

  private final MessageDigest sha256 = Checksums.sha256();
  private final MessageDigest md5;
  private long count;

  /** Wraps {@code in}; computes MD5 too when {@code withMd5}. */
  public HashingInputStream(InputStream in, boolean withMd5) {
    super(in);
    this.md5 = withMd5 ? Checksums.md5() : null;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      if (md5 != null) {
        md5.update((byte) b);
      }
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      sha256.update(b, off, n);
      if (md5 != null) {
        md5.update(b, off, n);
      }
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** The SHA-256 of what was read, as hex; call once, at the end. */
  public String sha256Hex() {
    return Checksums.hex(sha256.digest());
  }

  /** The MD5 of what was read, as hex, or null when not computed; call once, at the end. */
  public String md5Hex() {
    return md5 == null ? null : Checksums.hex(md5.digest());
  }
}
