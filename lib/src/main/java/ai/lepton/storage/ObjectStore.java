package ai.lepton.storage;

import ai.lepton.internal.Checksums;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * One object store (an S3 endpoint, an Azure storage account, the local file system) behind a small
 * interface modelled on Iceberg's {@code FileIO}. Locations are URI strings such as {@code
 * s3a://bucket/key}, {@code wasbs://container@account.blob.core.windows.net/path} or {@code
 * /data/file}; {@link ObjectStores} picks the store for a location.
 *
 * <p>Every failure is a {@link StorageException} that names the operation, the location, the store
 * and what to change. Stores are {@link Serializable} (clients are rebuilt lazily where they land,
 * e.g. on a Spark executor) and {@link Closeable} (closing releases clients and threads). Extra
 * abilities are separate interfaces: {@link SupportsPrefixOperations}, {@link SupportsBuckets}.
 */
public interface ObjectStore extends Closeable, Serializable {

  /** The store's name: its key under {@code lepton.stores}, or a built-in default's name. */
  String name();

  /**
   * Every object under {@code prefix}, which is treated as a folder ({@code s3://b/data} lists
   * {@code data/...}), at any depth, sorted by location. Folder markers are left out.
   */
  List<ObjectInfo> list(String prefix);

  /** The object at {@code uri}, or empty when there is none. Fails when its bucket is missing. */
  Optional<ObjectInfo> stat(String uri);

  /** True when an object exists at {@code uri}. */
  default boolean exists(String uri) {
    return stat(uri).isPresent();
  }

  /** Streams the whole object. */
  InputStream open(String uri);

  /**
   * Streams {@code length} bytes from {@code offset} (fewer when the object ends first); a negative
   * length reads to the end.
   */
  InputStream open(String uri, long offset, long length);

  /**
   * A stream that writes the object at {@code uri}, replacing any object there, once closed. Data
   * above {@code multipart.threshold-bytes} goes in parallel parts of {@code
   * multipart.part-size-bytes}; memory stays near {@code (parallelism + 1) * part-size-bytes}.
   */
  ObjectOutput create(String uri);

  /** Writes a stream of unknown length; aborts the object when reading {@code data} fails. */
  default WriteResult write(String uri, InputStream data) {
    ObjectOutput out = create(uri);
    try {
      data.transferTo(out);
      out.close();
      return out.result();
    } catch (IOException | RuntimeException e) {
      out.abort();
      if (e instanceof StorageException se) {
        throw se;
      }
      throw StorageException.of(
          this, "write", uri, "reading the data to write failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code length} bytes of a stream. Up to {@code multipart.threshold-bytes} they go in one
   * streamed request; larger data goes in parts as with {@link #create(String)}.
   */
  default WriteResult write(String uri, InputStream data, long length) {
    return write(uri, data);
  }

  /** Copies an object within this store, on the server where it can. */
  ObjectInfo copy(String source, String target);

  /** Deletes the object at {@code uri}; no-op when there is none. */
  void delete(String uri);

  /** Reads the whole object and returns its SHA-256 as lower-case hex. */
  default String sha256(String uri) {
    try (InputStream in = open(uri)) {
      return Checksums.sha256Hex(in);
    } catch (IOException e) {
      throw StorageException.of(this, "read", uri, e.getMessage(), e);
    }
  }

  /**
   * Reads the object and fails with {@link StorageException.Reason#CHECKSUM_MISMATCH} unless its
   * SHA-256 is {@code expectedSha256}: detects objects changed or corrupted after they were
   * written.
   */
  default void verify(String uri, String expectedSha256) {
    String actual = sha256(uri);
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw StorageException.checksumMismatch(this, uri, expectedSha256, actual);
    }
  }
}
