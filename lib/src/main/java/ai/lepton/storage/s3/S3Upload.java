package ai.lepton.storage.s3;

import ai.lepton.internal.Checksums;
import ai.lepton.storage.Location;
import ai.lepton.storage.internal.BaseObjectStore;
import ai.lepton.storage.internal.UploadTarget;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One S3 upload: PutObject for small data, else CreateMultipartUpload, UploadPart in parallel,
 * CompleteMultipartUpload. Each request carries the SHA-256 of its bytes, which S3 checks; when the
 * server echoes the checksums back the write counts as verified by the server.
 */
final class S3Upload implements UploadTarget {

  private final S3Store store;
  private final Location location;
  private final boolean checksums;
  private String uploadId;

  /**
   * An upload to {@code location}; with {@code checksums} false ({@code verify-writes = none})
   * requests carry no SHA-256 and nothing is hashed per part.
   */
  S3Upload(S3Store store, Location location, boolean checksums) {
    this.store = store;
    this.location = location;
    this.checksums = checksums;
  }

  @Override
  public Committed putSingle(byte[] data, int len) {
    String sha = checksum(data, len);
    PutObjectResponse r =
        store.call(
            "write",
            location.uri(),
            s3 ->
                s3.putObject(
                    b ->
                        b.bucket(location.bucket())
                            .key(location.key())
                            .contentLength((long) len)
                            .checksumSHA256(sha),
                    body(data, len)));
    return new Committed(
        BaseObjectStore.unquote(r.eTag()), sha != null && sha.equals(r.checksumSHA256()));
  }

  @Override
  public void start() {
    uploadId =
        store
            .call(
                "write",
                location.uri(),
                s3 ->
                    s3.createMultipartUpload(
                        b ->
                            b.bucket(location.bucket())
                                .key(location.key())
                                .checksumAlgorithm(checksums ? ChecksumAlgorithm.SHA256 : null)))
            .uploadId();
  }

  @Override
  public Part uploadPart(int number, byte[] data, int len) {
    String sha = checksum(data, len);
    UploadPartResponse r =
        store.call(
            "write",
            location.uri(),
            s3 ->
                s3.uploadPart(
                    b ->
                        b.bucket(location.bucket())
                            .key(location.key())
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength((long) len)
                            .checksumSHA256(sha),
                    body(data, len)));
    boolean echoed = sha != null && sha.equals(r.checksumSHA256());
    return new Part(number, r.eTag(), echoed ? sha : null, len);
  }

  @Override
  public Committed complete(List<Part> parts) {
    List<CompletedPart> completed =
        parts.stream()
            .map(
                p ->
                    CompletedPart.builder()
                        .partNumber(p.number())
                        .eTag(p.tag())
                        .checksumSHA256(p.checksum())
                        .build())
            .toList();
    CompleteMultipartUploadResponse r =
        store.call(
            "write",
            location.uri(),
            s3 ->
                s3.completeMultipartUpload(
                    b ->
                        b.bucket(location.bucket())
                            .key(location.key())
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(completed))));
    boolean everyPartChecked = parts.stream().allMatch(p -> p.checksum() != null);
    String composite = composite(parts);
    boolean whole = r.checksumSHA256() == null || r.checksumSHA256().equals(composite);
    return new Committed(BaseObjectStore.unquote(r.eTag()), everyPartChecked && whole);
  }

  @Override
  public void abort() {
    if (uploadId == null) {
      return;
    }
    try {
      store.call(
          "abort upload of",
          location.uri(),
          s3 ->
              s3.abortMultipartUpload(
                  b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId)));
    } catch (RuntimeException e) {
      // best effort: a bucket lifecycle rule removes what is left
    }
  }

  private String checksum(byte[] data, int len) {
    return checksums ? Checksums.base64(Checksums.sha256(data, 0, len)) : null;
  }

  /** S3's composite checksum: SHA-256 of the parts' SHA-256s, then "-" and the part count. */
  private static String composite(List<Part> parts) {
    MessageDigest d = Checksums.sha256();
    for (Part p : parts) {
      if (p.checksum() == null) {
        return null;
      }
      d.update(java.util.Base64.getDecoder().decode(p.checksum()));
    }
    return Checksums.base64(d.digest()) + "-" + parts.size();
  }

  private static RequestBody body(byte[] data, int len) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(data, 0, len), len, "application/octet-stream");
  }
}
