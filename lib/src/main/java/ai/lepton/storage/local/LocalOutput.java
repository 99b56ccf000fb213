package ai.lepton.storage.local;

import ai.lepton.internal.Checksums;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.WriteResult;
import ai.lepton.storage.internal.CommittingOutput;
import ai.lepton.storage.internal.UploadTarget;
import ai.lepton.storage.internal.WriteChecks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.UUID;

/** Writes a hidden temporary file, hashing on the way, and moves it into place on close. */
final class LocalOutput extends CommittingOutput {

  private final LocalStore store;
  private final StoreConfig config;
  private final String uri;
  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private final MessageDigest sha256 = Checksums.sha256();
  private long position;

  LocalOutput(LocalStore store, StoreConfig config, String uri, Path target) throws IOException {
    super("file", uri);
    this.store = store;
    this.config = config;
    this.uri = uri;
    this.target = target;
    this.temp =
        target.resolveSibling("." + target.getFileName() + ".lepton-" + UUID.randomUUID() + ".tmp");
    this.out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      abort();
      throw store.explain("write", uri, e);
    }
    sha256.update(b, off, len);
    position += len;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  protected WriteResult commit() {
    try {
      out.close();
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteTemp();
      throw store.explain("write", uri, e);
    }
    String etag = store.stat(uri).map(i -> i.etag()).orElse(null);
    return WriteChecks.finish(
        store,
        config.verifyWrites(),
        uri,
        position,
        Checksums.hex(sha256.digest()),
        new UploadTarget.Committed(etag, false),
        1);
  }

  @Override
  protected void abandon() {
    try {
      out.close();
    } catch (IOException e) {
      // discarded anyway
    }
    deleteTemp();
  }

  private void deleteTemp() {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // a hidden leftover; harmless
    }
  }
}
