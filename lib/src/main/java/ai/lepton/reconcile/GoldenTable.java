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

  GoldenTable(SparkSession spark, String uri, ReconcilePlan plan) {
    this.spark = spark;
    this.uri = uri;
    this.plan = plan;
  }

  /** The changes to make, computed against the table at {@code readVersion} (-1: no table yet). */
  record Changes(
      Dataset<Row> upserts,
      Dataset<Row> deletes,
      long upsertCount,
      long deleteCount,
      long readVersion) {
    boolean isEmpty() {
      return upsertCount == 0 && deleteCount == 0;
    }
  }

  /** What a commit did. */
  record Commit(long version, long inserted, long updated, long deleted) {}

  boolean exists() {
    return DeltaTable.isDeltaTable(spark, uri);
  }

  /**
   * Keys whose winner changed (by row hash and source) and, if asked, keys gone from all sources.
   * The upserts are cached (counted here, written next): the caller unpersists them.
   */
  Changes changes(Dataset<Row> byKey, boolean deleteMissing) {
    long readVersion = latestVersion();
    Dataset<Row> current =
        readVersion < 0
            ? null
            : spark.read().format("delta").option("versionAsOf", readVersion).load(uri);
    Dataset<Row> upserts = upserts(byKey, current).persist();
    if (current == null) {
      return new Changes(upserts, null, upserts.count(), 0, readVersion);
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
    return new Changes(upserts, deletes, upserts.count(), deleteCount, readVersion);
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
   * Writes the changes in one Delta commit. Refuses, writing nothing, when another run committed to
   * the table since the changes were computed (or commits to it while this one does).
   */
  Commit write(Changes changes, List<PreparedSource> sources, String runId) {
    Dataset<Row> rows = winningRows(changes.upserts(), changes.upsertCount(), sources, runId);
    try {
      if (changes.readVersion() < 0) {
        rows.write()
            .format("delta")
            .option("delta.enableChangeDataFeed", "true")
            .mode("errorifexists")
            .save(uri);
        return new Commit(latestVersion(), changes.upsertCount(), 0, 0);
      }
      if (latestVersion() != changes.readVersion()) {
        throw concurrent(null, changes.readVersion());
      }
      addNewColumns(rows);
      Dataset<Row> source = rows.withColumn(OP, lit("upsert"));
      if (changes.deletes() != null && changes.deleteCount() > 0) {
        source = source.unionByName(changes.deletes().withColumn(OP, lit("delete")), true);
      }
      merge(source);
      return lastCommit();
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
              + ai.lepton.data.SourceReader.rootMessage(e)
              + ". The table keeps its last good version; fix the cause and re-run, or point"
              + " lepton.reconcile.output.golden at a new location.",
          e);
    }
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

  private void merge(Dataset<Row> source) {
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
    DeltaTable.forPath(spark, uri)
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

  long latestVersion() {
    return exists() ? versionOf(DeltaTable.forPath(spark, uri).history(1).first()) : -1;
  }

  long rows() {
    return exists() ? spark.read().format("delta").load(uri).count() : 0;
  }

  private Commit lastCommit() {
    Row last = DeltaTable.forPath(spark, uri).history(1).first();
    Map<String, String> metrics = last.getJavaMap(last.fieldIndex("operationMetrics"));
    return new Commit(
        versionOf(last),
        metric(metrics, "numTargetRowsInserted"),
        metric(metrics, "numTargetRowsUpdated"),
        metric(metrics, "numTargetRowsDeleted"));
  }

  private static long versionOf(Row history) {
    return history.getLong(history.fieldIndex("version"));
  }

  private static long metric(Map<String, String> metrics, String name) {
    String v = metrics == null ? null : metrics.get(name);
    return v == null ? 0 : Long.parseLong(v);
  }
}
