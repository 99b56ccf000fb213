package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.internal.Checksums;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every object store must do, run against a real server. Each test gets its own bucket or
 * container, created before and deleted after it.
 */
abstract class ObjectStoreContract {

  /** Part size the stores under test use: small, so multipart runs fast. */
  static final int PART = 5 * 1024 * 1024;

  protected ObjectStores stores;
  protected ObjectStore store;
  protected String root;

  /** The stores to test, with part size {@link #PART} and threshold twice that. */
  abstract ObjectStores stores();

  /** The URI of a bucket or container named {@code name}, ending with a slash. */
  abstract String bucketUri(String name);

  /** Replaces the stored bytes of {@code uri} without going through the store. */
  abstract void corruptBehindTheStoresBack(String uri, byte[] content) throws Exception;

  /** How this server lets writes be verified. */
  abstract WriteResult.Verification expectedVerification();

  /** How a write streamed in one request (length known, checksum not) is verified. */
  abstract WriteResult.Verification expectedStreamedVerification();

  @BeforeEach
  void createBucket() {
    stores = stores();
    root = bucketUri(ai.lepton.testing.TestStores.uniqueName("lepton-it"));
    store = stores.forUri(root);
    ((SupportsBuckets) store).createBucket(root);
  }

  @AfterEach
  void deleteBucket() {
    ((SupportsBuckets) store).deleteBucket(root);
    assertThat(((SupportsBuckets) store).bucketExists(root)).isFalse();
    stores.close();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha(byte[] b) {
    return Checksums.sha256Hex(b);
  }

  static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void smallObjectGoesInOneRequestAndReadsBack() throws IOException {
    byte[] data = bytes(1000, 1);
    WriteResult r = store.write(root + "small/a.bin", new ByteArrayInputStream(data));

    assertThat(r.parts()).isEqualTo(1);
    assertThat(r.size()).isEqualTo(1000);
    assertThat(r.sha256()).isEqualTo(sha(data));
    assertThat(r.verification()).isEqualTo(expectedVerification());
    assertThat(r.etag()).isNotBlank();
    assertThat(read(store.open(root + "small/a.bin"))).isEqualTo(data);
  }

  @Test
  void largeObjectGoesInParallelPartsAndReadsBack() throws IOException {
    byte[] data = bytes(4 * PART + 1234, 2);
    ObjectOutput out = store.create(root + "big/b.bin");
    for (int i = 0; i < data.length; i += 100_000) {
      out.write(data, i, Math.min(100_000, data.length - i));
    }
    out.close();
    WriteResult r = out.result();

    assertThat(r.parts()).as("2 parts in the first buffer, then 1, 1 and the rest").isEqualTo(4);
    assertThat(r.size()).isEqualTo(data.length);
    assertThat(r.sha256()).isEqualTo(sha(data));
    assertThat(r.verification()).isEqualTo(expectedVerification());
    assertThat(store.sha256(root + "big/b.bin")).isEqualTo(sha(data));
    assertThat(store.stat(root + "big/b.bin").orElseThrow().size()).isEqualTo(data.length);
  }

  @Test
  void writeOfKnownLengthStreamsInOneRequest() throws IOException {
    byte[] data = bytes(PART + 1, 3);
    WriteResult r = store.write(root + "sized.bin", new ByteArrayInputStream(data), data.length);

    assertThat(r.parts()).isEqualTo(1);
    assertThat(r.sha256()).isEqualTo(sha(data));
    assertThat(r.verification()).isEqualTo(expectedStreamedVerification());
    assertThat(read(store.open(root + "sized.bin"))).isEqualTo(data);
  }

  @Test
  void rangedReadsReturnExactlyTheRequestedBytes() throws IOException {
    byte[] data = bytes(3 * PART + 10, 4);
    assertThat(store.write(root + "r.bin", new ByteArrayInputStream(data)).parts()).isEqualTo(3);
    String uri = root + "r.bin";

    assertThat(read(store.open(uri, 10, 100))).isEqualTo(Arrays.copyOfRange(data, 10, 110));
    assertThat(read(store.open(uri, 2 * PART - 50, 100)))
        .as("across the boundary of two parts")
        .isEqualTo(Arrays.copyOfRange(data, 2 * PART - 50, 2 * PART + 50));
    assertThat(read(store.open(uri, data.length - 5, -1)))
        .isEqualTo(Arrays.copyOfRange(data, data.length - 5, data.length));
    assertThat(read(store.open(uri, data.length - 5, 100)))
        .isEqualTo(Arrays.copyOfRange(data, data.length - 5, data.length));
    assertThat(read(store.open(uri, 7, 0))).isEmpty();
  }

  @Test
  void listsEveryObjectUnderAFolderWithSizeEtagAndTime() {
    store.write(root + "dir/a.txt", new ByteArrayInputStream(bytes(10, 5)));
    store.write(root + "dir/sub/b.txt", new ByteArrayInputStream(bytes(20, 6)));
    store.write(root + "dir/c.txt", new ByteArrayInputStream(bytes(0, 7)));
    store.write(root + "dirx/d.txt", new ByteArrayInputStream(bytes(5, 8)));

    List<ObjectInfo> listed = store.list(root + "dir");

    assertThat(listed)
        .extracting(ObjectInfo::uri)
        .containsExactly(root + "dir/a.txt", root + "dir/c.txt", root + "dir/sub/b.txt");
    assertThat(listed).extracting(ObjectInfo::size).containsExactly(10L, 0L, 20L);
    assertThat(listed).allSatisfy(o -> assertThat(o.etag()).isNotBlank());
    assertThat(listed).allSatisfy(o -> assertThat(o.lastModified()).isNotNull());
    assertThat(store.list(root + "nothing-here/")).isEmpty();
    assertThat(store.list(root)).hasSize(4);
  }

  @Test
  void copiesDeletesAndTellsWhetherObjectsExist() throws IOException {
    byte[] data = bytes(3000, 9);
    store.write(root + "src.bin", new ByteArrayInputStream(data));

    ObjectInfo copy = store.copy(root + "src.bin", root + "copies/dst.bin");

    assertThat(copy.size()).isEqualTo(3000);
    assertThat(read(store.open(root + "copies/dst.bin"))).isEqualTo(data);
    assertThat(store.exists(root + "copies/dst.bin")).isTrue();
    store.delete(root + "copies/dst.bin");
    assertThat(store.exists(root + "copies/dst.bin")).isFalse();
    assertThat(store.stat(root + "copies/dst.bin")).isEmpty();
    store.delete(root + "copies/dst.bin");
    assertThat(((SupportsPrefixOperations) store).deletePrefix(root)).isEqualTo(1);
    assertThat(store.list(root)).isEmpty();
  }

  @Test
  void detectsAnObjectChangedBehindTheStoresBack() throws Exception {
    byte[] data = bytes(4096, 10);
    String uri = root + "guarded.bin";
    WriteResult written = store.write(uri, new ByteArrayInputStream(data));
    store.verify(uri, written.sha256());

    byte[] corrupted = data.clone();
    corrupted[100] ^= 0x55;
    corruptBehindTheStoresBack(uri, corrupted);

    assertThatThrownBy(() -> store.verify(uri, written.sha256()))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.CHECKSUM_MISMATCH))
        .hasMessageContaining(uri)
        .hasMessageContaining(written.sha256())
        .hasMessageContaining(sha(corrupted))
        .hasMessageContaining("changed or corrupted after it was written");
  }

  @Test
  void abortedWriteLeavesNoObject() {
    ObjectOutput out = store.create(root + "aborted.bin");
    byte[] data = bytes(3 * PART + 7, 11);
    out.write(data, 0, data.length);
    out.abort();

    assertThat(store.exists(root + "aborted.bin")).isFalse();
    assertThatThrownBy(out::result).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void missingObjectIsEmptyOnLookupAndNotFoundOnRead() {
    assertThat(store.stat(root + "missing.bin")).isEmpty();
    assertThatThrownBy(() -> read(store.open(root + "missing.bin")))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.NOT_FOUND))
        .hasMessageContaining("Cannot read " + root + "missing.bin")
        .hasMessageContaining("store '" + store.name() + "'")
        .hasMessageContaining("does not exist");
  }

  @Test
  void missingBucketIsNamedWithTheFix() {
    String missing = bucketUri(ai.lepton.testing.TestStores.uniqueName("lepton-missing"));
    String name = ai.lepton.storage.Location.parse(missing).bucket();

    assertThatThrownBy(() -> store.write(missing + "x.bin", new ByteArrayInputStream(bytes(5, 1))))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.NO_BUCKET))
        .hasMessageContaining("Cannot write " + missing + "x.bin")
        .hasMessageContaining("'" + name + "' does not exist")
        .hasMessageContaining("Create the");
    assertThatThrownBy(() -> store.list(missing + "dir/"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.NO_BUCKET));
    assertThatThrownBy(() -> store.stat(missing + "x.bin"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.NO_BUCKET));
  }
}
