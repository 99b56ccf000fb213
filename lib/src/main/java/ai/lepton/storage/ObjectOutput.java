package ai.lepton.storage;

import java.io.OutputStream;

/**
 * A stream that writes one object. {@link #close()} commits it (and verifies it as configured);
 * {@link #abort()} discards what was written. Callers that fail half-way must call {@link #abort()}
 * rather than {@code close()}, or {@link ObjectStore#write(String, java.io.InputStream)} does both.
 */
public abstract class ObjectOutput extends OutputStream {

  /** Writes bytes; failures are {@link StorageException}s, not {@code IOException}s. */
  @Override
  public abstract void write(byte[] b, int off, int len);

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /** Commits the object and checks it as {@code verify-writes} says. */
  @Override
  public abstract void close();

  /** Bytes written so far. */
  public abstract long position();

  /** Discards the object being written; nothing is committed. Safe to call more than once. */
  public abstract void abort();

  /** What was stored; available once {@link #close()} returned. */
  public abstract WriteResult result();
}
