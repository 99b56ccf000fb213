package ai.lepton.storage.internal;

import ai.lepton.internal.Checksums;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.WriteResult;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes an object of unknown length: buffers up to the threshold (growing the buffer as data
 * comes), then uploads parts in parallel (at most {@code parallelism} at once, so memory stays near
 * {@code (parallelism + 1) * part-size}), hashing every byte with SHA-256 on the way.
 */
final class MultipartOutput extends CommittingOutput {

  private final ObjectStore store;
  private final StoreConfig config;
  private final String uri;
  private final UploadTarget target;
  private final ExecutorService executor;
  private final int maxParts;
  private final int partSize;
  private final int firstCapacity;
  private final MessageDigest sha256 = Checksums.sha256();
  private final Semaphore inFlight;
  private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();
  private final List<Future<UploadTarget.Part>> parts = new ArrayList<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private byte[] current;
  private int filled;
  private long position;
  private boolean started;

  /**
   * An output for {@code uri}.
   *
   * @param maxParts the most parts the store accepts (S3 10,000; Azure 50,000)
   */
  public MultipartOutput(
      ObjectStore store,
      StoreConfig config,
      String uri,
      UploadTarget target,
      ExecutorService executor,
      int maxParts) {
    super("object", uri);
    this.store = store;
    this.config = config;
    this.uri = uri;
    this.target = target;
    this.executor = executor;
    this.maxParts = maxParts;
    this.partSize = (int) config.multipart().partSizeBytes();
    this.inFlight = new Semaphore(config.multipart().parallelism());
    this.firstCapacity = (int) Math.max(config.multipart().thresholdBytes(), partSize);
    this.current = new byte[Math.min(firstCapacity, partSize)];
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensureOpen();
    while (len > 0) {
      if (filled == current.length && !started && current.length < firstCapacity) {
        current = Arrays.copyOf(current, (int) Math.min(firstCapacity, 2L * current.length));
      } else if (filled == current.length) {
        flushPartOrAbort();
      }
      int n = Math.min(len, current.length - filled);
      System.arraycopy(b, off, current, filled, n);
      sha256.update(b, off, n);
      filled += n;
      position += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  protected WriteResult commit() {
    UploadTarget.Committed committed;
    int count;
    try {
      rethrowFailure();
      if (!started && position <= config.multipart().thresholdBytes()) {
        committed = target.putSingle(current, filled);
        count = 1;
      } else {
        if (filled > 0 || parts.isEmpty()) {
          flushPart();
        }
        List<UploadTarget.Part> done = awaitParts();
        committed = target.complete(done);
        count = done.size();
      }
    } catch (RuntimeException e) {
      discard();
      throw e;
    } finally {
      current = null;
      free.clear();
    }
    return WriteChecks.finish(
        store,
        config.verifyWrites(),
        uri,
        position,
        Checksums.hex(sha256.digest()),
        committed,
        count);
  }

  @Override
  protected void abandon() {
    discard();
    current = null;
    free.clear();
  }

  /**
   * Flushes a full buffer from {@link #write}; if a part has failed, the upload is aborted here,
   * since a caller that sees the error from {@code write} may never call {@code close}.
   */
  private void flushPartOrAbort() {
    try {
      flushPart();
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  private void flushPart() {
    rethrowFailure();
    if (!started) {
      target.start();
      started = true;
    }
    int number = parts.size() + 1;
    if (number > maxParts) {
      throw tooLarge();
    }
    acquireSlot();
    byte[] data = current;
    int len = filled;
    parts.add(executor.submit(() -> uploadPart(number, data, len)));
    current = nextBuffer();
    filled = 0;
  }

  private UploadTarget.Part uploadPart(int number, byte[] data, int len) {
    try {
      return target.uploadPart(number, data, len);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      throw e;
    } finally {
      inFlight.release();
      if (data.length == partSize) {
        free.add(data);
      }
    }
  }

  private byte[] nextBuffer() {
    byte[] b = free.poll();
    return b != null ? b : new byte[partSize];
  }

  private void acquireSlot() {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.of(store, "write", uri, "interrupted while uploading parts", e);
    }
  }

  private List<UploadTarget.Part> awaitParts() {
    List<UploadTarget.Part> done = new ArrayList<>(parts.size());
    for (Future<UploadTarget.Part> f : parts) {
      try {
        done.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StorageException.of(store, "write", uri, "interrupted while uploading parts", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw StorageException.of(store, "write", uri, String.valueOf(e.getCause()), e.getCause());
      }
    }
    return done;
  }

  /** Waits for the parts in flight (at most {@code parallelism}), then aborts the upload. */
  private void discard() {
    for (Future<UploadTarget.Part> f : parts) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        // the first failure is already recorded
      }
    }
    if (started) {
      target.abort();
    }
  }

  private void rethrowFailure() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  private void ensureOpen() {
    if (closed()) {
      throw StorageException.of(store, "write", uri, "the output is already closed", null);
    }
  }

  private StorageException tooLarge() {
    return StorageException.create(
        StorageException.Reason.INVALID,
        store.name(),
        "write",
        uri,
        "the object needs more than " + maxParts + " parts of " + partSize + " bytes",
        "Raise " + config.key("multipart.part-size-bytes") + ".",
        null);
  }
}
