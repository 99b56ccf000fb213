package ai.lepton.storage.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads that upload parts; each output limits how many of its parts are in flight. */
final class UploadThreads {

  private UploadThreads() {}

  /** A pool for one store's part uploads, with threads named after the store. */
  public static ExecutorService forStore(String store) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "lepton-upload-" + store + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
