package ai.lepton.storage.internal;

import ai.lepton.internal.Checksums;
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

  private final boolean replayable;
  private MessageDigest sha256 = Checksums.sha256();
  private MessageDigest md5;
  private long count;
  private MessageDigest markedSha256;
  private MessageDigest markedMd5;
  private long markedCount = -1;

  /** Wraps {@code in}; computes MD5 too when {@code withMd5}. */
  public HashingInputStream(InputStream in, boolean withMd5) {
    super(in);
    this.md5 = withMd5 ? Checksums.md5() : null;
    this.replayable = in.markSupported();
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
    return true;
  }

  @Override
  public synchronized void mark(int readlimit) {
    if (replayable) {
      in.mark(readlimit);
    }
    markedSha256 = copy(sha256);
    markedMd5 = md5 == null ? null : copy(md5);
    markedCount = count;
  }

  @Override
  public synchronized void reset() throws IOException {
    if (markedCount < 0) {
      throw new IOException("reset without mark");
    }
    if (count == markedCount) {
      return;
    }
    if (!replayable) {
      throw new IOException(
          "the data cannot be sent again: its stream cannot be re-read after "
              + (count - markedCount)
              + " bytes went out. Write it again.");
    }
    in.reset();
    sha256 = copy(markedSha256);
    md5 = markedMd5 == null ? null : copy(markedMd5);
    count = markedCount;
  }

  private static MessageDigest copy(MessageDigest d) {
    try {
      return (MessageDigest) d.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(d.getAlgorithm() + " digests cannot be copied", e);
    }
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
