package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.FILE;
import static ai.lepton.data.SourceReader.SEQ;
import static ai.lepton.data.SourceReader.quote;
import static ai.lepton.reconcile.KeyComparison.WINNER;
import static ai.lepton.reconcile.KeyComparison.WINNER_FILE;
import static ai.lepton.reconcile.KeyComparison.WINNER_ROW_HASH;
import static ai.lepton.reconcile.KeyComparison.WINNER_SEQ;
import static ai.lepton.reconcile.KeyComparison.WINNER_SOURCE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import ai.lepton.spark.DeltaCommits;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The golden Delta table: one row per key, written with a single MERGE that touches only keys whose
 * winning row changed, so a re-run on unchanged inputs commits nothing.
 */
final class GoldenTable {

  static final String SOURCE = "_lepton_source";
  static final String RUN_ID = "_lepton_run_id";
  static final String ROW_HASH = "_lepton_row_hash";
  private static final String OP = "_lepton_op";

  private final SparkSession spark;
  private final String uri;
  private final ReconcilePlan plan;

  private final boolean deletionVectors;

  /** A golden table reconcile reads, not creates. */
  GoldenTable(SparkSession spark, String uri, ReconcilePlan plan) {
    this(spark, uri, plan, false);
  }

  /** {@code deletionVectors}: whether a table this creates has Delta deletion vectors enabled. */
  GoldenTable(SparkSession spark, String uri, ReconcilePlan plan, boolean deletionVectors) {
    this.spark = spark;
    this.uri = uri;
    this.plan = plan;
    this.deletionVectors = deletionVectors;
  }

  /**
   * What a write did; {@code skipped}: Delta skipped it because the table already holds a commit
   * with this run's transaction identifier (an earlier attempt of the run committed), so {@code
   * version} is the table's version as it was.
   */
  record Commit(long version, long inserted, long updated, long deleted, boolean skipped) {}

  boolean exists() {
    return DeltaTable.isDeltaTable(spark, uri);
  }

  /**
   * Keys whose winner changed (by row hash and source) and, if asked, keys gone from all sources.
   * The upserts are cached (counted here, written next): the caller unpersists them. {@code scope}:
   * when not null, the keys this run reconciles (normalized key columns, {@code scopeCount} of
   * them; {@code byKey} has those still in some source): golden rows of other keys are then neither
   * compared nor deleted, and golden rows of scope keys not in {@code byKey} are deletes.
   */
  GoldenChanges changes(
      Dataset<Row> byKey, boolean deleteMissing, Dataset<Row> scope, long scopeCount) {
    long readVersion = latestVersion();
    Dataset<Row> current =
        readVersion < 0
            ? null
            : spark.read().format("delta").option("versionAsOf", readVersion).load(uri);
    if (current != null && scope != null) {
      current =
          current.join(
              KeyComparison.lookup(scope, scopeCount), KeyComparison.seq(plan.keys()), "left_semi");
    }
    Dataset<Row> upserts = upserts(byKey, current).persist();
    if (current == null) {
      return new GoldenChanges(upserts, null, upserts.count(), 0, readVersion);
    }
    Dataset<Row> deletes = null;
    long deleteCount = 0;
    if (deleteMissing) {
      Column[] keyCols = plan.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new);
      deletes =
          current
              .select(keyCols)
              .join(byKey.select(keyCols), KeyComparison.seq(plan.keys()), "left_anti");
      deleteCount = deletes.count();
    }
    return new GoldenChanges(upserts, deletes, upserts.count(), deleteCount, readVersion);
  }

  /** The winners of keys that are new or whose winning row changed (all winners if no table). */
  Dataset<Row> upserts(Dataset<Row> byKey) {
    return upserts(byKey, exists() ? spark.read().format("delta").load(uri) : null);
  }

  private Dataset<Row> upserts(Dataset<Row> byKey, Dataset<Row> current) {
    List<Column> slim = new ArrayList<>();
    plan.keys().forEach(k -> slim.add(col(quote(k))));
    slim.add(col(WINNER));
    slim.add(col(WINNER_FILE));
    slim.add(col(WINNER_SEQ));
    slim.add(col(WINNER_ROW_HASH));
    slim.add(col(WINNER_SOURCE));
    Dataset<Row> winners = byKey.select(slim.toArray(Column[]::new));
    if (current == null) {
      return winners;
    }
    Column same = col(WINNER_ROW_HASH).equalTo(col("_g." + ROW_HASH));
    same = same.and(col(WINNER_SOURCE).equalTo(col("_g." + SOURCE)));
    for (String k : plan.keys()) {
      same = same.and(col("_w." + quote(k)).equalTo(col("_g." + quote(k))));
    }
    return winners.as("_w").join(current.as("_g"), same, "left_anti");
  }

  /**
   * Writes the changes in one Delta commit carrying {@code txn} and, as commit metadata, {@code
   * runId}. Refuses, writing nothing, when another run committed to the table since the changes
   * were computed (or commits to it while this one does). Delta itself skips the commit when the
   * table already records {@code txn} (a retry of a run whose golden commit landed).
   */
  Commit write(GoldenChanges changes, List<PreparedSource> sources, String runId, GoldenTxn txn) {
    Dataset<Row> rows = winningRows(changes.upserts(), changes.upsertCount(), sources, runId);
    try {
      if (changes.readVersion() < 0) {
        rows.write()
            .format("delta")
            .option("delta.enableChangeDataFeed", "true")
            .option("delta.enableDeletionVectors", String.valueOf(deletionVectors))
            .option("txnAppId", txn.appId())
            .option("txnVersion", txn.version())
            .option("userMetadata", runId)
            .mode("errorifexists")
            .save(uri);
        return new Commit(latestVersion(), changes.upsertCount(), 0, 0, false);
      }
      if (latestVersion() != changes.readVersion()) {
        throw concurrent(null, changes.readVersion());
      }
      if (GoldenTxn.recorded(spark, uri, txn.appId()) < txn.version()) {
        addNewColumns(rows); // not on a retry Delta will skip: it would commit a version of its own
      }
      Dataset<Row> source = rows.withColumn(OP, lit("upsert"));
      if (changes.deletes() != null && changes.deleteCount() > 0) {
        source = source.unionByName(changes.deletes().withColumn(OP, lit("delete")), true);
      }
      long base = latestVersion();
      merge(source, txn.session(spark, runId));
      Commit ours = commitOf(runId, base);
      if (ours != null) {
        return ours;
      }
      if (latestVersion() == base && GoldenTxn.recorded(spark, uri, txn.appId()) >= txn.version()) {
        return new Commit(base, 0, 0, 0, true);
      }
      throw concurrent(null, changes.readVersion());
    } catch (LeptonException e) {
      throw e;
    } catch (Exception e) {
      if (ConcurrentCommit.isConflict(e) || (changes.readVersion() < 0 && exists())) {
        throw concurrent(e, changes.readVersion());
      }
      throw new LeptonException(
          "Cannot write the golden table "
              + uri
              + ": "
              + Failures.rootMessage(e)
              + ". The table keeps its last good version; fix the cause and re-run, or point"
              + " lepton.reconcile.output.golden at a new location.",
          e);
    }
  }

  /**
   * This run's commit after {@code base}, found by its commit metadata in the log (no Spark job);
   * null when none.
   */
  private Commit commitOf(String runId, long base) {
    if (latestVersion() <= base) {
      return null;
    }
    for (DeltaCommits.Commit c : DeltaCommits.since(spark, uri, base + 1)) {
      if (runId.equals(c.userMetadata())) {
        return new Commit(
            c.version(),
            metric(c.metrics(), "numTargetRowsInserted"),
            metric(c.metrics(), "numTargetRowsUpdated"),
            metric(c.metrics(), "numTargetRowsDeleted"),
            false);
      }
    }
    return null;
  }

  private LeptonException concurrent(Exception cause, long readVersion) {
    String seen = readVersion < 0 ? "no table" : "version " + readVersion;
    return ConcurrentCommit.refused(
        "golden table",
        uri,
        cause,
        "This run compared its sources with "
            + seen
            + " and now the table is at version "
            + latestVersion()
            + "; it wrote nothing: no golden rows, no discrepancy or quarantine rows, no state.");
  }

  /** The full winning rows of {@code upserts}, as written to the table. */
  Dataset<Row> winningRows(
      Dataset<Row> upserts, long upsertCount, List<PreparedSource> sources, String runId) {
    Dataset<Row> all = null;
    for (PreparedSource s : sources) {
      Dataset<Row> ids =
          upserts
              .filter(col(WINNER).equalTo(s.index()))
              .select(col(WINNER_FILE).as(FILE), col(WINNER_SEQ).as(SEQ));
      List<Column> out = new ArrayList<>();
      plan.keys().forEach(k -> out.add(col(quote(k))));
      plan.data().forEach(c -> out.add(col(quote(c))));
      out.add(lit(s.name()).as(SOURCE));
      out.add(lit(runId).as(RUN_ID));
      out.add(col(PreparedSource.ROW_HASH).as(ROW_HASH));
      Dataset<Row> rows =
          KeyComparison.rowsById(s.rows(), ids, upsertCount).select(out.toArray(Column[]::new));
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }

  private void merge(Dataset<Row> source, SparkSession session) {
    Column on = lit(true);
    for (String k : plan.keys()) {
      on = on.and(col("t." + quote(k)).equalTo(col("s." + quote(k))));
    }
    Map<String, Column> assign = new LinkedHashMap<>();
    for (StructField f : source.schema().fields()) {
      if (!f.name().equals(OP)) {
        assign.put(quote(f.name()), col("s." + quote(f.name())));
      }
    }
    DeltaTable.forPath(session, uri)
        .as("t")
        .merge(source.as("s"), on)
        .whenMatched(col("s." + OP).equalTo("delete"))
        .delete()
        .whenMatched(col("s." + OP).equalTo("upsert"))
        .update(assign)
        .whenNotMatched(col("s." + OP).equalTo("upsert"))
        .insert(assign)
        .execute();
  }

  /** Adds columns that appeared in the sources since the table was created. */
  private void addNewColumns(Dataset<Row> rows) {
    List<String> existing =
        List.of(spark.read().format("delta").load(uri).schema().fieldNames()).stream()
            .map(String::toLowerCase)
            .toList();
    List<String> added = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      if (!existing.contains(f.name().toLowerCase())) {
        added.add(quote(f.name()) + " " + f.dataType().sql());
      }
    }
    if (!added.isEmpty()) {
      spark.sql(
          "ALTER TABLE delta." + quote(uri) + " ADD COLUMNS (" + String.join(", ", added) + ")");
    }
  }

  /** The table's latest version from its log (no Spark job), -1 when there is no table. */
  long latestVersion() {
    return DeltaCommits.latestVersion(spark, uri);
  }

  long rows() {
    return exists() ? spark.read().format("delta").load(uri).count() : 0;
  }

  private static long metric(Map<String, String> metrics, String name) {
    String v = metrics == null ? null : metrics.get(name);
    return v == null ? 0 : Long.parseLong(v);
  }
}
