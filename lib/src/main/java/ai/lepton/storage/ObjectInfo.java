package ai.lepton.storage;

import java.io.Serializable;
import java.time.Instant;

/**
 * What a store knows about one object, from a listing or a lookup.
 *
 * @param uri the object's location, in the scheme it was asked for (e.g. {@code s3a://b/k})
 * @param size its length in bytes
 * @param etag the server's entity tag without quotes; changes whenever the content changes (for
 *     local files a synthetic tag of modification time and size)
 * @param contentMd5 the content's MD5 as lower-case hex when the server reports one (Azure blobs
 *     uploaded in one request), else null
 * @param lastModified when it was last written
 */
public record ObjectInfo(
    String uri, long size, String etag, String contentMd5, Instant lastModified)
    implements Serializable {}
