package ai.lepton.storage.internal;

import ai.lepton.storage.ObjectOutput;
import ai.lepton.storage.WriteResult;

/**
 * An output that commits at most once: the first {@link #close()} runs {@link #commit()} and keeps
 * its result; {@link #abort()} runs {@link #abandon()} unless the object is committed.
 */
public abstract class CommittingOutput extends ObjectOutput {

  private final String what;
  private final String uri;
  private boolean closed;
  private WriteResult result;

  /** An output of the {@code what} ("object", "file") at {@code uri}. */
  protected CommittingOutput(String what, String uri) {
    this.what = what;
    this.uri = uri;
  }

  /** Stores what was written and checks it; called once, by the first {@link #close()}. */
  protected abstract WriteResult commit();

  /** Discards what was written; called by {@link #abort()} while nothing is committed. */
  protected abstract void abandon();

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    result = commit();
  }

  @Override
  public final void abort() {
    if (result != null) {
      return;
    }
    closed = true;
    abandon();
  }

  @Override
  public final WriteResult result() {
    if (result == null) {
      throw new IllegalStateException(
          "The " + what + " " + uri + " is not committed: close it first.");
    }
    return result;
  }

  /** True once {@link #close()} or {@link #abort()} was called. */
  protected final boolean closed() {
    return closed;
  }
}
