package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import ai.lepton.LeptonException;
import ai.lepton.spark.DeltaCommits;
import ai.lepton.spark.Progress;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Appends a run's discrepancy and quarantine rows to their Delta tables: after the golden commit,
 * so a run that fails or loses at that commit appends nothing.
 */
final class ReconcileTables {

  private final SparkSession spark;
  private final Progress progress;
  private final boolean dryRun;

  ReconcileTables(SparkSession spark, Progress progress, boolean dryRun) {
    this.spark = spark;
    this.progress = progress;
    this.dryRun = dryRun;
  }

  /**
   * Appends {@code rows} to the Delta table at {@code uri} in one commit. {@code count} is their
   * number, which the caller already has from the run's aggregates (no pass of its own here).
   * Creates the table (empty if need be) so it can always be queried; appends nothing when there
   * are no rows.
   */
  void append(String what, Dataset<Row> rows, String uri, long count) {
    try {
      if (dryRun || (count == 0 && DeltaTable.isDeltaTable(spark, uri))) {
        return;
      }
      progress.step(
          "writing " + count + " " + what + " rows to " + uri,
          () ->
              rows.write().format("delta").mode("append").option("mergeSchema", "true").save(uri));
    } catch (Exception e) {
      throw appendFailed(what, uri, e);
    }
  }

  private static RuntimeException appendFailed(String what, String uri, Exception e) {
    if (e instanceof LeptonException le) {
      return le;
    }
    if (ConcurrentCommit.isConflict(e)) {
      return ConcurrentCommit.refused(
          what + " table",
          uri,
          e,
          "The golden table holds this run's result (or was left unchanged, its gate failed);"
              + " this run's "
              + what
              + " rows were not appended.");
    }
    return ReconcileErrors.appendFailed(what, uri, e);
  }

  /**
   * Appends, under {@code runId}, the rows run {@code fromRunId} appended to the table at {@code
   * uri}, with {@code timeColumn} set to now: a run that repeats an earlier run's result records
   * its rows as its own. Returns how many rows it appended (from the commit's metrics), 0 when
   * {@code expected} is 0.
   */
  long copyRun(
      String what, String uri, String fromRunId, String runId, String timeColumn, long expected) {
    if (expected == 0) {
      return 0;
    }
    long base = DeltaCommits.latestVersion(spark, uri);
    Dataset<Row> rows = runRows(spark, uri, fromRunId, runId, timeColumn);
    progress.step(
        "copying run " + fromRunId + "'s " + expected + " " + what + " rows to " + uri,
        () -> {
          try {
            rows.write().format("delta").mode("append").option("userMetadata", runId).save(uri);
          } catch (Exception e) {
            throw appendFailed(what, uri, e);
          }
        });
    return DeltaCommits.since(spark, uri, base + 1).stream()
        .filter(c -> runId.equals(c.userMetadata()))
        .mapToLong(c -> Long.parseLong(c.metrics().getOrDefault("numOutputRows", "0")))
        .sum();
  }

  /**
   * The rows run {@code fromRunId} appended to the Delta table at {@code uri}, as run {@code
   * runId}'s: under its id, with {@code timeColumn} set to now.
   */
  static Dataset<Row> runRows(
      SparkSession spark, String uri, String fromRunId, String runId, String timeColumn) {
    return spark
        .read()
        .format("delta")
        .load(uri)
        .where(col("run_id").equalTo(fromRunId))
        .withColumn("run_id", lit(runId))
        .withColumn(timeColumn, current_timestamp());
  }

  /** A run's discrepancy rows: one per conflicting column of a key, one per missing key. */
  static Dataset<Row> discrepancyRows(
      Dataset<Row> analyzed,
      Dataset<Row> byKey,
      ReconcilePlan plan,
      int n,
      String runId,
      String zone) {
    return ConflictAnalysis.conflictRows(analyzed, plan, n, zone)
        .unionByName(ConflictAnalysis.missingRows(byKey, plan, n))
        .withColumn("run_id", lit(runId))
        .withColumn("detected_at", current_timestamp());
  }

  /** A run's quarantine rows, of every source. */
  static Dataset<Row> quarantineRows(List<PreparedSource> prepared, String runId) {
    Dataset<Row> all = null;
    for (PreparedSource p : prepared) {
      all = all == null ? p.quarantine() : all.unionByName(p.quarantine());
    }
    return all.withColumn("run_id", lit(runId)).withColumn("quarantined_at", current_timestamp());
  }
}
