package ai.lepton.storage.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A download stream whose I/O failures say which object and store they came from, and that can give
 * up a connection instead of draining it when closed before the end.
 */
class ContextInputStream extends FilterInputStream {

  private final String context;
  private final List<String> secrets;
  private final Runnable abort;
  private boolean eof;

  /**
   * Wraps {@code in}.
   *
   * @param context e.g. "Cannot read s3://b/k (store 'aws')"
   * @param abort called instead of draining when closed before the end, or null
   */
  public ContextInputStream(InputStream in, String context, List<String> secrets, Runnable abort) {
    super(in);
    this.context = context;
    this.secrets = secrets;
    this.abort = abort;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = in.read();
      eof |= b < 0;
      return b;
    } catch (IOException | RuntimeException e) {
      throw wrap(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = in.read(b, off, len);
      eof |= n < 0;
      return n;
    } catch (IOException | RuntimeException e) {
      throw wrap(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (!eof && abort != null) {
      abort.run();
    }
    super.close();
  }

  private IOException wrap(Exception e) {
    return new IOException(context + ": " + Messages.rootCause(e, secrets), e);
  }
}
