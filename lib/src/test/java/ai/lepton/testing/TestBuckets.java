package ai.lepton.testing;

import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.emulator.Emulators;

/**
 * An S3 bucket and an Azure container on the emulators, made for one test class (names no other
 * test uses) and deleted, with everything in them, by {@link #close()}.
 *
 * @param stores the stores that serve them (not closed here)
 * @param bucket the bucket's root, e.g. {@code s3a://PREFIX-0123456789ab/}
 * @param container the container's root, {@code wasb://PREFIX-...@devstoreaccount1.blob...net/}
 */
public record TestBuckets(ObjectStores stores, String bucket, String container)
    implements AutoCloseable {

  /** Creates both; {@code s3Scheme} is {@code s3} or {@code s3a}. */
  public static TestBuckets create(ObjectStores stores, String s3Scheme, String prefix) {
    String bucket = s3Scheme + "://" + TestStores.uniqueName(prefix) + "/";
    String container =
        "wasb://"
            + TestStores.uniqueName(prefix)
            + "@"
            + Emulators.AZURE_ACCOUNT
            + ".blob.core.windows.net/";
    ((SupportsBuckets) stores.forUri(bucket)).createBucket(bucket);
    ((SupportsBuckets) stores.forUri(container)).createBucket(container);
    return new TestBuckets(stores, bucket, container);
  }

  /** Deletes the bucket and the container. */
  @Override
  public void close() {
    ((SupportsBuckets) stores.forUri(bucket)).deleteBucket(bucket);
    ((SupportsBuckets) stores.forUri(container)).deleteBucket(container);
  }
}
