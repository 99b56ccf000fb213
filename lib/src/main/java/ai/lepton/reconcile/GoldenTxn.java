package ai.lepton.reconcile;

import ai.lepton.internal.Checksums;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;

/**
 * Delta's transaction identifier of a golden write: {@code appId} names this golden table's
 * reconcile, {@code version} is the run number ({@link CompletedRun#runNumber} + 1). Delta skips a
 * write whose version is not above the one the table records for the appId, so a retried run whose
 * golden commit landed does not write it twice.
 */
record GoldenTxn(String appId, long version) {

  /** Session settings Delta reads the transaction identifier and commit metadata from. */
  static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";

  static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  /**
   * The reconcile identity of the golden table at {@code uri}: a digest of its place as the store
   * sees it, so {@code s3://} and {@code s3a://} spellings agree and no part of the URI is written
   * to the log.
   */
  static String appId(String uri) {
    return "lepton-reconcile-" + Checksums.sha256Hex(OutputPaths.placeOf(uri)).substring(0, 16);
  }

  /**
   * The transaction version the table at {@code uri} records for {@code appId}, -1 when none (or no
   * table).
   */
  static long recorded(SparkSession spark, String uri, String appId) {
    if (!DeltaTable.isDeltaTable(spark, uri)) {
      return -1;
    }
    scala.Option<Object> v =
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, uri)
            .update(false, scala.Option.empty(), scala.Option.empty())
            .transactions()
            .get(appId);
    return v.isDefined() ? (Long) v.get() : -1;
  }

  /**
   * A session of its own on {@code spark}'s SparkContext, with the caller's runtime settings plus
   * this transaction identifier and {@code runId} as commit metadata, so the caller's session never
   * carries them (another write in it, in this thread or another, would otherwise take them for its
   * own).
   */
  SparkSession session(SparkSession spark, String runId) {
    SparkSession s = spark.newSession();
    scala.collection.JavaConverters.mapAsJavaMap(spark.conf().getAll())
        .forEach(
            (k, v) -> {
              if (!s.conf().getOption(k).contains(v)) {
                try {
                  s.conf().set(k, v);
                } catch (Exception e) { // Spark's AnalysisException (checked, thrown from Scala)
                  // a static or core setting: the new session already has the context's value
                }
              }
            });
    s.conf().set(TXN_APP_ID, appId);
    s.conf().set(TXN_VERSION, version);
    s.conf().set(USER_METADATA, runId);
    return s;
  }
}
