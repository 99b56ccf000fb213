package ai.lepton.storage.azure;

import ai.lepton.internal.Checksums;
import ai.lepton.storage.Location;
import ai.lepton.storage.internal.BaseObjectStore;
import ai.lepton.storage.internal.UploadTarget;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * One block blob upload: Put Blob for small data, else Put Block in parallel and Put Block List.
 * Every request carries the MD5 of its bytes, which the service checks before it accepts them.
 */
final class AzureUpload implements UploadTarget {

  private final AzureStore store;
  private final Location location;
  private final boolean checksums;
  private final String uploadId = UUID.randomUUID().toString().substring(0, 8);

  /**
   * An upload to {@code location}; with {@code checksums} false ({@code verify-writes = none})
   * requests carry no MD5 and nothing is hashed per block.
   */
  AzureUpload(AzureStore store, Location location, boolean checksums) {
    this.store = store;
    this.location = location;
    this.checksums = checksums;
  }

  @Override
  public Committed putSingle(byte[] data, int len) {
    byte[] md5 = checksums ? Checksums.md5(data, 0, len) : null;
    BlockBlobItem item =
        store.blockWrite(
            location,
            blob ->
                blob.uploadWithResponse(
                        new BlockBlobSimpleUploadOptions(
                                new ByteArrayInputStream(data, 0, len), len)
                            .setContentMd5(md5),
                        null,
                        Context.NONE)
                    .getValue());
    return new Committed(BaseObjectStore.unquote(item.getETag()), checksums);
  }

  @Override
  public void start() {}

  @Override
  public Part uploadPart(int number, byte[] data, int len) {
    String id = blockId(number);
    byte[] md5 = checksums ? Checksums.md5(data, 0, len) : null;
    store.blockWrite(
        location,
        blob ->
            blob.stageBlockWithResponse(
                id, new ByteArrayInputStream(data, 0, len), len, md5, null, null, Context.NONE));
    return new Part(number, id, md5 == null ? null : Checksums.base64(md5), len);
  }

  @Override
  public Committed complete(List<Part> parts) {
    List<String> ids = parts.stream().map(Part::tag).toList();
    BlockBlobItem item =
        store.blockWrite(
            location,
            blob ->
                blob.commitBlockListWithResponse(
                        new BlockBlobCommitBlockListOptions(ids), null, Context.NONE)
                    .getValue());
    return new Committed(BaseObjectStore.unquote(item.getETag()), checksums);
  }

  @Override
  public void abort() {
    // Uncommitted blocks are never visible and the service drops them after a week.
  }

  private String blockId(int number) {
    String raw = String.format("%s-%08d", uploadId, number);
    return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }
}
