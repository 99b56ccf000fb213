package ai.lepton.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.LeptonConfig;
import ai.lepton.internal.Checksums;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.WriteResult;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The part engine on its own, with an in-memory target that records what it was sent. */
class MultipartOutputTest {

  private static final int PART = 5 * 1024 * 1024;
  private final ExecutorService pool = UploadThreads.forStore("test");

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Keeps parts in memory, counts how many upload at once, and can fail a chosen part. */
  static final class Recording implements UploadTarget {
    final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
    final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    byte[] committed;
    boolean single;
    boolean aborted;
    int failPart = -1;

    @Override
    public Committed putSingle(byte[] data, int len) {
      single = true;
      committed = java.util.Arrays.copyOf(data, len);
      return new Committed("etag", true);
    }

    @Override
    public void start() {}

    @Override
    public Part uploadPart(int number, byte[] data, int len) {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20);
        if (number == failPart) {
          throw StorageException.create(
              StorageException.Reason.UNAVAILABLE,
              "t",
              "write",
              "mem://x",
              "part failed",
              "",
              null);
        }
        parts.put(number, java.util.Arrays.copyOf(data, len));
        sizes.add(len);
        return new Part(number, "p" + number, null, len);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public Committed complete(List<Part> done) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (Part p : done) {
        all.writeBytes(parts.get(p.number()));
      }
      committed = all.toByteArray();
      return new Committed("etag-" + done.size(), true);
    }

    @Override
    public void abort() {
      aborted = true;
    }
  }

  private MultipartOutput output(Recording target, int parallelism) {
    LeptonConfig config =
        LeptonConfig.parse(
            "lepton.stores.t { type = local, verify-writes = auto, multipart {"
                + " threshold-bytes = "
                + PART
                + ", part-size-bytes = "
                + PART
                + ", parallelism = "
                + parallelism
                + " } }");
    StoreConfig c = StoreConfig.all(config).get("t");
    ObjectStore store = ObjectStores.from(config).named("t");
    return new MultipartOutput(store, c, "mem://x", target, pool, 10_000);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void dataUpToTheThresholdGoesInOneRequest() {
    Recording target = new Recording();
    MultipartOutput out = output(target, 2);
    byte[] data = bytes(PART);
    out.write(data, 0, data.length);
    out.close();

    assertThat(target.single).isTrue();
    assertThat(target.committed).isEqualTo(data);
    assertThat(out.result().parts()).isEqualTo(1);
    assertThat(out.result().verification()).isEqualTo(WriteResult.Verification.SERVER_CHECKSUM);
  }

  @Test
  void largerDataGoesInPartsWithAtMostParallelismInFlight() {
    Recording target = new Recording();
    MultipartOutput out = output(target, 3);
    byte[] data = bytes(7 * PART + 3);
    for (int i = 0; i < data.length; i += 65_536) {
      out.write(data, i, Math.min(65_536, data.length - i));
    }
    out.close();

    assertThat(target.committed).isEqualTo(data);
    assertThat(out.result().parts()).isEqualTo(8);
    assertThat(out.result().sha256()).isEqualTo(Checksums.sha256Hex(data));
    assertThat(target.peak.get()).isBetween(2, 3);
    assertThat(target.sizes).contains(3).filteredOn(s -> s != 3).containsOnly(PART);
  }

  @Test
  void aFailedPartAbortsTheUploadAndSurfacesItsError() {
    Recording target = new Recording();
    target.failPart = 2;
    MultipartOutput out = output(target, 2);
    byte[] data = bytes(4 * PART);

    assertThatThrownBy(
            () -> {
              out.write(data, 0, data.length);
              out.close();
            })
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("part failed");
    assertThat(target.aborted).isTrue();
    assertThatThrownBy(out::result).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailureSeenByWriteAbortsWithoutWaitingForClose() {
    Recording target = new Recording();
    target.failPart = 1;
    // One part in flight: the second flush waits for part 1 to fail, so the third flush, still
    // inside write(), is the one that sees the failure.
    MultipartOutput out = output(target, 1);
    byte[] data = bytes(4 * PART);

    assertThatThrownBy(() -> out.write(data, 0, data.length))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("part failed");
    assertThat(target.aborted).isTrue();
    assertThatThrownBy(() -> out.write(data, 0, 1)).hasMessageContaining("already closed");
  }
}
