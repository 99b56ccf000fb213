package ai.lepton.storage.s3;

import ai.lepton.storage.Location;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectOutput;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.StoreType;
import ai.lepton.storage.WriteResult;
import ai.lepton.storage.internal.BaseObjectStore;
import ai.lepton.storage.internal.HashingInputStream;
import ai.lepton.storage.internal.ResumingInputStream;
import ai.lepton.storage.internal.UploadTarget;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 and S3-compatible servers through the AWS SDK for Java v2 (synchronous client, multipart
 * uploads with parallel parts). SDK types stay in this package.
 *
 * <p>Over 300 lines on purpose: one short method per operation of {@link
 * ai.lepton.storage.ObjectStore}, {@link ai.lepton.storage.SupportsBuckets} and {@link
 * ai.lepton.storage.SupportsPrefixOperations}, each one SDK request; what the stores share lives in
 * {@link BaseObjectStore}.
 */
public final class S3Store extends BaseObjectStore {

  private static final long serialVersionUID = 1L;

  /** S3 accepts at most this many parts per upload. */
  static final int MAX_PARTS = 10_000;

  /** The largest object PutObject and CopyObject accept. */
  static final long MAX_SINGLE_BYTES = 5L * 1024 * 1024 * 1024;

  private static final int DELETE_BATCH = 1000;

  private transient volatile S3Client client;

  /** A store with these settings; the client is created on first use. */
  public S3Store(StoreConfig config) {
    super(config, StoreType.S3);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    Location loc = locate(prefix);
    List<ObjectInfo> out = new ArrayList<>();
    call(
        "list",
        prefix,
        s3 -> {
          for (S3Object o :
              s3.listObjectsV2Paginator(b -> b.bucket(loc.bucket()).prefix(loc.folderKey()))
                  .contents()) {
            if (!o.key().endsWith("/")) {
              out.add(
                  new ObjectInfo(
                      loc.withKey(o.key()), o.size(), unquote(o.eTag()), null, o.lastModified()));
            }
          }
          return null;
        });
    return sorted(out);
  }

  @Override
  public Optional<ObjectInfo> stat(String uri) {
    Location loc = locate(uri);
    HeadObjectResponse h =
        callOr(
            404,
            null,
            "look up",
            uri,
            s3 -> s3.headObject(b -> b.bucket(loc.bucket()).key(loc.key())));
    if (h != null) {
      return Optional.of(
          new ObjectInfo(uri, h.contentLength(), unquote(h.eTag()), null, h.lastModified()));
    }
    if (!bucketExists(uri)) {
      throw S3Errors.noBucket(config, "look up", uri, null);
    }
    return Optional.empty();
  }

  @Override
  public InputStream open(String uri, long offset, long length) {
    Location loc = locate(uri);
    if (length == 0) {
      stat(uri).orElseThrow(() -> failure("read", uri, notFound(uri)));
      return InputStream.nullInputStream();
    }
    ResponseInputStream<GetObjectResponse> in = get(uri, loc, offset, length, null);
    if (in == null) {
      return InputStream.nullInputStream();
    }
    String etag = in.response().eTag();
    InputStream resuming =
        new ResumingInputStream(
            in,
            (from, rest) -> {
              InputStream again = get(uri, loc, from, rest, etag);
              return again == null ? InputStream.nullInputStream() : again;
            },
            offset,
            length,
            config.retry().maxAttempts(),
            config.retry().baseDelayMs(),
            config.retry().maxDelayMs(),
            body -> {
              if (body instanceof ResponseInputStream<?> r) {
                r.abort();
              }
            });
    return reading(uri, resuming);
  }

  /**
   * The object's body from {@code offset} for {@code length} bytes (-1: to the end), only while its
   * ETag is {@code etag} when given; null when the range starts past the end.
   */
  private ResponseInputStream<GetObjectResponse> get(
      String uri, Location loc, long offset, long length, String etag) {
    String range =
        offset <= 0 && length < 0
            ? null
            : "bytes=" + Math.max(0, offset) + "-" + (length < 0 ? "" : offset + length - 1);
    return callOr(
        416,
        null,
        "read",
        uri,
        s3 -> s3.getObject(b -> b.bucket(loc.bucket()).key(loc.key()).range(range).ifMatch(etag)));
  }

  @Override
  public ObjectOutput create(String uri) {
    Location loc = locate(uri);
    return multipart(uri, new S3Upload(this, loc, checksums()), MAX_PARTS);
  }

  /**
   * Up to one part's size, buffers and sends the data with its SHA-256 (checked by the server);
   * larger data up to the threshold streams in one request and is read back to verify; above the
   * threshold, parts.
   */
  @Override
  public WriteResult write(String uri, InputStream data, long length) {
    if (length <= config.multipart().partSizeBytes()
        || length > config.multipart().thresholdBytes()
        || length > MAX_SINGLE_BYTES) {
      return write(uri, data);
    }
    Location loc = locate(uri);
    HashingInputStream hashing = new HashingInputStream(data, false);
    PutObjectResponse r =
        call(
            "write",
            uri,
            s3 ->
                s3.putObject(
                    b -> b.bucket(loc.bucket()).key(loc.key()).contentLength(length),
                    RequestBody.fromInputStream(hashing, length)));
    return finishSingle(uri, length, hashing, new UploadTarget.Committed(unquote(r.eTag()), false));
  }

  @Override
  public ObjectInfo copy(String source, String target) {
    Location from = locate(source);
    Location to = locate(target);
    ObjectInfo info = stat(source).orElseThrow(() -> failure("copy", source, notFound(source)));
    if (info.size() > MAX_SINGLE_BYTES) {
      copyThrough(source, target, info::size);
    } else {
      call(
          "copy",
          source + " to " + target,
          s3 ->
              s3.copyObject(
                  b ->
                      b.sourceBucket(from.bucket())
                          .sourceKey(from.key())
                          .destinationBucket(to.bucket())
                          .destinationKey(to.key())));
    }
    return stat(target).orElseThrow(() -> failure("copy", target, notFound(target)));
  }

  @Override
  public void delete(String uri) {
    Location loc = locate(uri);
    call("delete", uri, s3 -> s3.deleteObject(b -> b.bucket(loc.bucket()).key(loc.key())));
  }

  @Override
  public long deletePrefix(String prefix) {
    Location loc = locate(prefix);
    List<ObjectIdentifier> keys = new ArrayList<>();
    call(
        "delete",
        prefix,
        s3 -> {
          for (S3Object o :
              s3.listObjectsV2Paginator(b -> b.bucket(loc.bucket()).prefix(loc.folderKey()))
                  .contents()) {
            keys.add(ObjectIdentifier.builder().key(o.key()).build());
          }
          for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH));
            s3.deleteObjects(b -> b.bucket(loc.bucket()).delete(d -> d.objects(batch).quiet(true)));
          }
          return null;
        });
    return keys.size();
  }

  @Override
  public boolean bucketExists(String uri) {
    Location loc = locate(uri);
    return callOr(
        404,
        false,
        "look up bucket of",
        uri,
        s3 -> {
          s3.headBucket(b -> b.bucket(loc.bucket()));
          return true;
        });
  }

  @Override
  public void createBucket(String uri) {
    Location loc = locate(uri);
    if (!bucketExists(uri)) {
      call("create bucket", uri, s3 -> s3.createBucket(b -> b.bucket(loc.bucket())));
    }
  }

  @Override
  public void deleteBucket(String uri) {
    Location loc = locate(uri);
    if (!bucketExists(uri)) {
      return;
    }
    deletePrefix(loc.withKey(""));
    call(
        "delete bucket",
        uri,
        s3 -> {
          s3.listMultipartUploadsPaginator(b -> b.bucket(loc.bucket()))
              .uploads()
              .forEach(
                  u ->
                      s3.abortMultipartUpload(
                          b -> b.bucket(loc.bucket()).key(u.key()).uploadId(u.uploadId())));
          return s3.deleteBucket(b -> b.bucket(loc.bucket()));
        });
  }

  @Override
  protected void closeClients() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  protected StorageException explain(String operation, String uri, Exception e) {
    return S3Errors.wrap(config, operation, uri, e);
  }

  /** Runs one call with the client, wrapping any failure once with the operation and location. */
  <T> T call(String operation, String uri, Function<S3Client, T> action) {
    return call(operation, uri, () -> action.apply(client()));
  }

  /**
   * As {@link #call(String, String, Function)}, but {@code answer} when the server replies HTTP
   * {@code status} (e.g. 404 to a lookup).
   */
  private <T> T callOr(
      int status, T answer, String operation, String uri, Function<S3Client, T> action) {
    try {
      return action.apply(client());
    } catch (RuntimeException e) {
      if (e instanceof S3Exception s3 && s3.statusCode() == status) {
        return answer;
      }
      throw failure(operation, uri, e);
    }
  }

  S3Client client() {
    S3Client c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = S3Clients.build(config);
        }
        c = client;
      }
    }
    return c;
  }

  private static S3Exception notFound(String uri) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(404)
            .awsErrorDetails(
                software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                    .errorCode("NoSuchKey")
                    .build())
            .message("Not Found: " + uri)
            .build();
  }
}
