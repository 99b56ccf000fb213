package ai.lepton.storage.azure;

import ai.lepton.internal.Checksums;
import ai.lepton.storage.Location;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectOutput;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.StoreType;
import ai.lepton.storage.WriteResult;
import ai.lepton.storage.internal.BaseObjectStore;
import ai.lepton.storage.internal.HashingInputStream;
import ai.lepton.storage.internal.UploadTarget;
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
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Azure Blob Storage through the Azure Storage Blob SDK v12 on the JDK's HttpClient: block blobs,
 * uploaded in parallel blocks above the threshold. SDK types stay in this package.
 */
public final class AzureStore extends BaseObjectStore {

  private static final long serialVersionUID = 1L;

  /** A block blob holds at most this many blocks. */
  static final int MAX_BLOCKS = 50_000;

  /** The largest blob Put Blob accepts in one request. */
  static final long MAX_SINGLE_BYTES = 5000L * 1024 * 1024;

  private static final int READ_BLOCK_BYTES = 4 * 1024 * 1024;

  private transient volatile Map<String, BlobServiceClient> clients;

  /** A store with these settings; clients are created on first use. */
  public AzureStore(StoreConfig config) {
    super(config, StoreType.AZURE);
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
    return sorted(out);
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
        throw failure("look up", uri, e);
      }
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode()) || !bucketExists(uri)) {
        throw AzureErrors.noContainer(config, "look up", uri, e);
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw failure("look up", uri, e);
    }
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
      throw failure("read", uri, e);
    } catch (RuntimeException e) {
      throw failure("read", uri, e);
    }
    return reading(uri, in);
  }

  @Override
  public ObjectOutput create(String uri) {
    Location loc = locate(uri);
    return multipart(uri, new AzureUpload(this, loc, checksums()), MAX_BLOCKS);
  }

  @Override
  public WriteResult write(String uri, InputStream data, long length) {
    if (length > config.multipart().thresholdBytes() || length > MAX_SINGLE_BYTES) {
      return write(uri, data);
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
    boolean checked =
        item.getContentMd5() != null
            && Checksums.hex(item.getContentMd5()).equals(hashing.md5Hex());
    return finishSingle(
        uri, length, hashing, new UploadTarget.Committed(unquote(item.getETag()), checked));
  }

  @Override
  public ObjectInfo copy(String source, String target) {
    Location from = locate(source);
    Location to = locate(target);
    if (!from.account().equals(to.account()) && config.endpoint().isEmpty()) {
      copyThrough(source, target, () -> stat(source).map(ObjectInfo::size).orElse(-1L));
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
  protected void closeClients() {
    clients = null;
  }

  @Override
  protected StorageException explain(String operation, String uri, Exception e) {
    return AzureErrors.wrap(config, operation, uri, e);
  }

  /** Runs one write request on the block blob at {@code loc}, wrapping any failure once. */
  <T> T blockWrite(Location loc, Function<BlockBlobClient, T> request) {
    return call("write", loc.uri(), () -> request.apply(blob(loc).getBlockBlobClient()));
  }

  private BlobClient blob(Location loc) {
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

  private long attemptMs() {
    return config.timeouts().attemptMs();
  }

  private static boolean isFolderMarker(BlobItem item) {
    if (item.getName().endsWith("/")) {
      return true;
    }
    Map<String, String> metadata = item.getMetadata();
    return metadata != null && "true".equalsIgnoreCase(metadata.get("hdi_isfolder"));
  }
}
