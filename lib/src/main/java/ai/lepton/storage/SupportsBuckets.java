package ai.lepton.storage;

/**
 * A store that can create and remove its top-level containers: S3 buckets, Azure Blob containers,
 * local folders. The argument is any URI inside the bucket, e.g. {@code s3://bucket/} or {@code
 * wasb://container@account.blob.core.windows.net/}.
 */
public interface SupportsBuckets {

  /** True when the bucket or container of {@code uri} exists. */
  boolean bucketExists(String uri);

  /** Creates the bucket or container of {@code uri} unless it exists. */
  void createBucket(String uri);

  /** Deletes the bucket or container of {@code uri} with everything in it; no-op when missing. */
  void deleteBucket(String uri);
}
