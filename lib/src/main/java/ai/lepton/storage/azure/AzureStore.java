package ai.lepton.storage.azure;

import ai.lepton.internal.Checksums;
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
import ai.lepton.storage.internal.ContextInputStream;
import ai.lepton.storage.internal.HashingInputStream;
import ai.lepton.storage.internal.MultipartOutput;
import ai.lepton.storage.internal.UploadTarget;
import ai.lepton.storage.internal.UploadThreads;
import ai.lepton.storage.internal.WriteChecks;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Azure Blob Storage through the Azure Storage Blob SDK v12 on the JDK's HttpClient: block blobs,
 * uploaded in parallel blocks above the threshold. SDK types stay in this package.
 */
public final class AzureStore implements ObjectStore, SupportsPrefixOperations, SupportsBuckets {

  private static final long serialVersionUID = 1L;

  /** A block blob holds at most this many blocks. */
  static final int MAX_BLOCKS = 50_000;

  /** The largest blob Put Blob accepts in one request. */
  static final long MAX_SINGLE_BYTES = 5000L * 1024 * 1024;

  private static final int READ_BLOCK_BYTES = 4 * 1024 * 1024;

  private final StoreConfig config;
  private transient volatile Map<String, BlobServiceClient> clients;
  private transient volatile ExecutorService uploads;

  /** A store with these settings; clients are created on first use. */
  public AzureStore(StoreConfig config) {
    if (config.type() != StoreType.AZURE) {
      throw new IllegalArgumentException("Not an azure store: " + config.name());
    }
    this.config = config;
  }

  @Override
  public String name() {
    return config.name();
  }

  /** This store's settings. */
  public StoreConfig config() {
    return config;
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    Location loc = locate(prefix);
    List<ObjectInfo> out = new ArrayList<>();
    ListBlobsOptions options =
        new ListBlobsOptions()
            .setPrefix(loc.folderKey())
            .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    call(
        "list",
        prefix,
        () -> {
          for (BlobItem item : container(loc).listBlobs(options, null)) {
            if (!isFolderMarker(item)) {
              var p = item.getProperties();
              out.add(
                  new ObjectInfo(
                      loc.withKey(item.getName()),
                      p.getContentLength() == null ? 0 : p.getContentLength(),
                      unquote(p.getETag()),
                      p.getContentMd5() == null ? null : Checksums.hex(p.getContentMd5()),
                      p.getLastModified() == null ? null : p.getLastModified().toInstant()));
            }
          }
          return null;
        });
    out.sort(Comparator.comparing(ObjectInfo::uri));
    return out;
  }

  @Override
  public Optional<ObjectInfo> stat(String uri) {
    Location loc = locate(uri);
    try {
      BlobProperties p = blob(loc).getProperties();
      return Optional.of(
          new ObjectInfo(
              uri,
              p.getBlobSize(),
              unquote(p.getETag()),
              p.getContentMd5() == null ? null : Checksums.hex(p.getContentMd5()),
              p.getLastModified() == null ? null : p.getLastModified().toInstant()));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() != 404) {
        throw AzureErrors.wrap(config, "look up", uri, e);
      }
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode()) || !bucketExists(uri)) {
        throw AzureErrors.noContainer(config, "look up", uri, e);
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw AzureErrors.wrap(config, "look up", uri, e);
    }
  }

  @Override
  public InputStream open(String uri) {
    return open(uri, 0, -1);
  }

  @Override
  public InputStream open(String uri, long offset, long length) {
    Location loc = locate(uri);
    if (length == 0) {
      stat(uri)
          .orElseThrow(
              () ->
                  StorageException.create(
                      StorageException.Reason.NOT_FOUND,
                      name(),
                      "read",
                      uri,
                      "the blob does not exist",
                      "Check the location.",
                      null));
      return InputStream.nullInputStream();
    }
    BlobInputStreamOptions options =
        new BlobInputStreamOptions()
            .setBlockSize(READ_BLOCK_BYTES)
            .setRange(new BlobRange(Math.max(0, offset), length < 0 ? null : length));
    InputStream in;
    try {
      in = blob(loc).openInputStream(options);
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 416) {
        return InputStream.nullInputStream();
      }
      throw AzureErrors.wrap(config, "read", uri, e);
    } catch (RuntimeException e) {
      throw AzureErrors.wrap(config, "read", uri, e);
    }
    return new ContextInputStream(
        in,
        "Cannot read " + uri + " (store '" + name() + "')",
        config.credentials().secrets(),
        null);
  }

  @Override
  public ObjectOutput create(String uri) {
    Location loc = locate(uri);
    return new MultipartOutput(
        this,
        config,
        uri,
        new AzureUpload(this, loc, config.verifyWrites() != StoreConfig.VerifyWrites.NONE),
        uploads(),
        MAX_BLOCKS);
  }

  @Override
  public WriteResult write(String uri, InputStream data, long length) {
    if (length > config.multipart().thresholdBytes() || length > MAX_SINGLE_BYTES) {
      return ObjectStore.super.write(uri, data);
    }
    Location loc = locate(uri);
    // The SDK re-sends a failed request by mark and reset: keep what went out (at most the
    // threshold, as a multipart part would) so a reset connection is retried, not fatal.
    InputStream replayable =
        data.markSupported()
            ? data
            : new BufferedInputStream(data, (int) Math.min(Math.max(length, 0) + 1, 1 << 20));
    HashingInputStream hashing = new HashingInputStream(replayable, true);
    BlockBlobItem item =
        call(
            "write",
            uri,
            () ->
                blob(loc)
                    .getBlockBlobClient()
                    .uploadWithResponse(
                        new BlockBlobSimpleUploadOptions(hashing, length), null, Context.NONE)
                    .getValue());
    if (hashing.count() != length) {
      throw StorageException.of(
          this, "write", uri, "the data had " + hashing.count() + " bytes, not " + length, null);
    }
    String md5 = hashing.md5Hex();
    boolean checked =
        item.getContentMd5() != null && Checksums.hex(item.getContentMd5()).equals(md5);
    return WriteChecks.finish(
        this,
        config.verifyWrites(),
        uri,
        length,
        hashing.sha256Hex(),
        new UploadTarget.Committed(unquote(item.getETag()), checked),
        1);
  }

  @Override
  public ObjectInfo copy(String source, String target) {
    Location from = locate(source);
    Location to = locate(target);
    if (!from.account().equals(to.account()) && config.endpoint().isEmpty()) {
      try (InputStream in = open(source)) {
        long size = stat(source).map(ObjectInfo::size).orElse(-1L);
        write(target, in, size);
      } catch (IOException e) {
        throw StorageException.of(this, "copy", source, e.getMessage(), e);
      }
    } else {
      String sourceUrl = blob(from).getBlobUrl();
      if (config.credentials().mode().equals("sas")) {
        String sas = config.credentials().sasToken();
        sourceUrl += "?" + (sas.startsWith("?") ? sas.substring(1) : sas);
      }
      String url = sourceUrl;
      call(
          "copy",
          source + " to " + target,
          () ->
              blob(to)
                  .beginCopy(url, Duration.ofMillis(200))
                  .waitForCompletion(Duration.ofMillis(Math.max(60_000, attemptMs()))));
    }
    return stat(target)
        .orElseThrow(() -> StorageException.of(this, "copy", target, "the copy is missing", null));
  }

  @Override
  public void delete(String uri) {
    Location loc = locate(uri);
    call("delete", uri, () -> blob(loc).deleteIfExists());
  }

  @Override
  public long deletePrefix(String prefix) {
    long n = 0;
    for (ObjectInfo o : list(prefix)) {
      delete(o.uri());
      n++;
    }
    return n;
  }

  @Override
  public boolean bucketExists(String uri) {
    Location loc = locate(uri);
    return call("look up container of", uri, () -> container(loc).exists());
  }

  @Override
  public void createBucket(String uri) {
    Location loc = locate(uri);
    call("create container", uri, () -> container(loc).createIfNotExists());
  }

  @Override
  public void deleteBucket(String uri) {
    Location loc = locate(uri);
    call("delete container", uri, () -> container(loc).deleteIfExists());
  }

  @Override
  public synchronized void close() {
    clients = null;
    if (uploads != null) {
      uploads.shutdown();
      uploads = null;
    }
  }

  /** Runs one SDK call, wrapping any failure once with the operation and location. */
  <T> T call(String operation, String uri, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw AzureErrors.wrap(config, operation, uri, e);
    }
  }

  BlobClient blob(Location loc) {
    return container(loc).getBlobClient(loc.key());
  }

  private BlobContainerClient container(Location loc) {
    return service(loc).getBlobContainerClient(loc.bucket());
  }

  private BlobServiceClient service(Location loc) {
    String account = config.account().isEmpty() ? loc.account() : config.account();
    if (config.emulator() && config.account().isEmpty()) {
      account = AzureClients.EMULATOR_ACCOUNT;
    }
    String key = config.endpoint().isEmpty() ? account : "";
    String forClient = account;
    return clients().computeIfAbsent(key, k -> AzureClients.build(config, forClient));
  }

  private Map<String, BlobServiceClient> clients() {
    Map<String, BlobServiceClient> c = clients;
    if (c == null) {
      synchronized (this) {
        if (clients == null) {
          clients = new ConcurrentHashMap<>();
        }
        c = clients;
      }
    }
    return c;
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

  private long attemptMs() {
    return config.timeouts().attemptMs();
  }

  private Location locate(String uri) {
    Location loc = Location.parse(uri);
    if (loc.type() != StoreType.AZURE) {
      throw StorageException.create(
          StorageException.Reason.INVALID,
          name(),
          "use",
          uri,
          "store '"
              + name()
              + "' is an azure store and cannot serve "
              + loc.scheme()
              + " locations",
          "Use ai.lepton.storage.ObjectStores to pick the store for a location.",
          null);
    }
    return loc;
  }

  private static boolean isFolderMarker(BlobItem item) {
    if (item.getName().endsWith("/")) {
      return true;
    }
    Map<String, String> metadata = item.getMetadata();
    return metadata != null && "true".equalsIgnoreCase(metadata.get("hdi_isfolder"));
  }

  static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
