package ai.lepton.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.LeptonConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {

  @TempDir Path dir;
  private ObjectStore store;

  @BeforeEach
  void open() {
    store = ObjectStores.from(LeptonConfig.parse("")).forUri(dir.toString());
  }

  private static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void writesAtomicallyAndReadsWholeAndRanged() throws IOException {
    byte[] data = ObjectStoreContract.bytes(100_000, 1);
    String uri = dir.resolve("a/b/c.bin").toString();

    WriteResult r = store.write(uri, new ByteArrayInputStream(data));

    assertThat(r.sha256()).isEqualTo(ObjectStoreContract.sha(data));
    assertThat(r.verification()).isEqualTo(WriteResult.Verification.REREAD);
    assertThat(read(store.open(uri))).isEqualTo(data);
    assertThat(read(store.open("file:" + uri, 99_990, 100)))
        .isEqualTo(Arrays.copyOfRange(data, 99_990, 100_000));
    try (var files = Files.list(dir.resolve("a/b"))) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("c.bin");
    }
  }

  @Test
  void abortedWriteLeavesNoFileBehind() throws IOException {
    ObjectOutput out = store.create(dir.resolve("x.bin").toString());
    out.write(new byte[10]);
    out.abort();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void listsFilesWithTheSchemeTheyWereAskedFor() {
    store.write(dir.resolve("t/1.txt").toString(), new ByteArrayInputStream(new byte[3]));
    store.write(dir.resolve("t/s/2.txt").toString(), new ByteArrayInputStream(new byte[4]));

    assertThat(store.list("file:" + dir.resolve("t")))
        .extracting(ObjectInfo::uri, ObjectInfo::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("file:" + dir.resolve("t/1.txt"), 3L),
            org.assertj.core.groups.Tuple.tuple("file:" + dir.resolve("t/s/2.txt"), 4L));
    assertThat(store.list(dir.resolve("none").toString())).isEmpty();
  }

  @Test
  void copiesDeletesAndDetectsChangedFiles() throws IOException {
    String a = dir.resolve("a.txt").toString();
    String b = dir.resolve("copy/b.txt").toString();
    WriteResult w = store.write(a, new ByteArrayInputStream("hello".getBytes()));
    store.copy(a, b);
    store.verify(b, w.sha256());

    Files.writeString(Path.of(b), "hellO");

    assertThatThrownBy(() -> store.verify(b, w.sha256()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("changed or corrupted");
    store.delete(b);
    assertThat(store.exists(b)).isFalse();
    assertThatThrownBy(() -> store.open(b))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.NOT_FOUND));
  }

  @Test
  void transferCopiesAcrossStoresWithTheChecksum() {
    ObjectStores stores = ObjectStores.from(LeptonConfig.parse(""));
    String a = dir.resolve("from.txt").toString();
    store.write(a, new ByteArrayInputStream("payload".getBytes()));

    WriteResult r = stores.transfer(a, "file:" + dir.resolve("to/there.txt"));

    assertThat(r.sha256()).isEqualTo(ObjectStoreContract.sha("payload".getBytes()));
    assertThat(store.exists(dir.resolve("to/there.txt").toString())).isTrue();
  }
}
