package ai.lepton.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A download that survives a connection broken mid-body: when a read fails, it reopens the object
 * at the first byte not yet read (a ranged request) and goes on, up to {@code maxAttempts} reads of
 * the body in all, waiting between attempts as the store's retry settings say. The SDKs retry a
 * request until its response starts, not a body that breaks while the caller reads it.
 */
public final class ResumingInputStream extends InputStream {

  /** Opens the object from {@code offset} for {@code length} bytes (-1: to the end). */
  @FunctionalInterface
  public interface Opener {
    /** The body from {@code offset}; throws an unchecked exception when it cannot be opened. */
    InputStream open(long offset, long length);
  }

  private final Opener opener;
  private final long start;
  private final long length;
  private final int maxAttempts;
  private final long baseDelayMs;
  private final long maxDelayMs;
  private final Consumer<InputStream> abort;
  private InputStream current;
  private boolean eof;
  private long consumed;
  private int attempts = 1;

  /**
   * Wraps {@code first}, the body from {@code start} for {@code length} bytes (-1: to the end),
   * which {@code opener} can open again from any later offset. {@code abort} (or null) gives up a
   * body's connection instead of draining it, when the stream is closed before the end or breaks.
   */
  public ResumingInputStream(
      InputStream first,
      Opener opener,
      long start,
      long length,
      int maxAttempts,
      long baseDelayMs,
      long maxDelayMs,
      Consumer<InputStream> abort) {
    this.current = first;
    this.abort = abort;
    this.opener = opener;
    this.start = Math.max(0, start);
    this.length = length;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.baseDelayMs = baseDelayMs;
    this.maxDelayMs = Math.max(baseDelayMs, maxDelayMs);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (length >= 0 && consumed >= length) {
        return -1;
      }
      try {
        int n = current.read(b, off, len);
        if (n > 0) {
          consumed += n;
        }
        eof |= n < 0;
        return n;
      } catch (IOException e) {
        if (attempts >= maxAttempts) {
          throw e;
        }
        reopen(e);
      }
    }
  }

  private void reopen(IOException failure) throws IOException {
    try {
      if (abort != null) {
        abort.accept(current);
      }
      current.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    long delay = Math.min(maxDelayMs, baseDelayMs << Math.min(20, attempts - 1));
    attempts++;
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure;
    }
    try {
      current = opener.open(start + consumed, length < 0 ? -1 : length - consumed);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      throw failure;
    }
  }

  @Override
  public void close() throws IOException {
    if (!eof && abort != null) {
      abort.accept(current);
    }
    current.close();
  }
}
