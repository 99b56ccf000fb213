package ai.lepton.storage.internal;

import ai.lepton.storage.Location;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectOutput;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.StoreType;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.SupportsPrefixOperations;
import ai.lepton.storage.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the S3, Azure and local stores share: their settings and name, the check that a location is
 * theirs, one way to run a request and explain its failure ({@link #failure}), the upload threads,
 * multipart and single-request write checks, streaming copies, and closing.
 *
 * <p>A store implements only the requests of its SDK and {@link #failure}, which turns an SDK or
 * file-system error into a {@link StorageException} that says what to change.
 */
public abstract class BaseObjectStore
    implements ObjectStore, SupportsPrefixOperations, SupportsBuckets {

  private static final long serialVersionUID = 1L;

  /** This store's settings. */
  protected final StoreConfig config;

  private final StoreType type;
  private transient volatile ExecutorService uploads;

  /** A store of {@code type} with these settings; fails when they are of another type. */
  protected BaseObjectStore(StoreConfig config, StoreType type) {
    if (config.type() != type) {
      throw new IllegalArgumentException(
          "Not " + article(type) + " " + type.configName() + " store: " + config.name());
    }
    this.config = config;
    this.type = type;
  }

  @Override
  public final String name() {
    return config.name();
  }

  /** This store's settings. */
  public final StoreConfig config() {
    return config;
  }

  @Override
  public InputStream open(String uri) {
    return open(uri, 0, -1);
  }

  /** Deletes what {@link #list} finds under {@code prefix}, one object at a time. */
  @Override
  public long deletePrefix(String prefix) {
    long n = 0;
    for (ObjectInfo o : list(prefix)) {
      delete(o.uri());
      n++;
    }
    return n;
  }

  /** Releases the SDK clients ({@link #closeClients()}), then the upload threads. */
  @Override
  public final synchronized void close() {
    closeClients();
    if (uploads != null) {
      uploads.shutdown();
      uploads = null;
    }
  }

  /** Releases this store's SDK clients; called by {@link #close()} under its lock. */
  protected void closeClients() {}

  /**
   * The failure of {@code operation} on {@code uri} as a {@link StorageException} that names the
   * store and says what to change ({@link #explain}); a {@link StorageException} is kept as it is.
   */
  protected final StorageException failure(String operation, String uri, Exception e) {
    return e instanceof StorageException se ? se : explain(operation, uri, e);
  }

  /** What {@link #failure} says of an SDK or file-system error {@code e}. */
  protected abstract StorageException explain(String operation, String uri, Exception e);

  /** Runs one request, wrapping any failure once with the operation and location. */
  protected final <T> T call(String operation, String uri, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw failure(operation, uri, e);
    }
  }

  /** {@code uri} parsed; fails unless it is a location of this store's type. */
  protected final Location locate(String uri) {
    Location loc = Location.parse(uri);
    if (loc.type() != type) {
      throw StorageException.create(
          StorageException.Reason.INVALID,
          name(),
          "use",
          uri,
          "store '"
              + name()
              + "' is "
              + article(type)
              + " "
              + type.configName()
              + " store and cannot serve "
              + loc.scheme()
              + " locations",
          "Use ai.lepton.storage.ObjectStores to pick the store for a location.",
          null);
    }
    return loc;
  }

  /** {@code in} as a stream whose failures name {@code uri} and this store, without secrets. */
  protected final InputStream reading(String uri, InputStream in) {
    return new ContextInputStream(
        in,
        "Cannot read " + uri + " (store '" + name() + "')",
        config.credentials().secrets(),
        null);
  }

  /** A multipart output to {@code uri} through {@code upload}, on this store's upload threads. */
  protected final ObjectOutput multipart(String uri, UploadTarget upload, int maxParts) {
    return new MultipartOutput(this, config, uri, upload, uploads(), maxParts);
  }

  /** True unless {@code verify-writes = none}: requests then carry checksums. */
  protected final boolean checksums() {
    return config.verifyWrites() != StoreConfig.VerifyWrites.NONE;
  }

  /**
   * The result of a write sent in one request: fails when the data was not {@code length} bytes,
   * else checks it as {@code verify-writes} says.
   */
  protected final WriteResult finishSingle(
      String uri, long length, HashingInputStream sent, UploadTarget.Committed committed) {
    if (sent.count() != length) {
      throw StorageException.of(
          this, "write", uri, "the data had " + sent.count() + " bytes, not " + length, null);
    }
    return WriteChecks.finish(
        this, config.verifyWrites(), uri, length, sent.sha256Hex(), committed, 1);
  }

  /**
   * Copies by reading {@code source} and writing {@code target} through this JVM (for what the
   * server cannot copy); {@code size} is asked once the source is open.
   */
  protected final void copyThrough(String source, String target, LongSupplier size) {
    try (InputStream in = open(source)) {
      write(target, in, size.getAsLong());
    } catch (IOException e) {
      throw StorageException.of(this, "copy", source, e.getMessage(), e);
    }
  }

  /** {@code objects} sorted by location, as {@link #list} returns them. */
  protected static List<ObjectInfo> sorted(List<ObjectInfo> objects) {
    objects.sort(Comparator.comparing(ObjectInfo::uri));
    return objects;
  }

  /** An ETag without the quotes some servers put around it. */
  public static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  private ExecutorService uploads() {
    ExecutorService u = uploads;
    if (u == null) {
      synchronized (this) {
        if (uploads == null) {
          uploads = UploadThreads.forStore(name());
        }
        u = uploads;
      }
    }
    return u;
  }

  private static String article(StoreType type) {
    return type == StoreType.LOCAL ? "a" : "an";
  }
}
