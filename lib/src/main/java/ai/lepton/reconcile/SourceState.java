package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.FILE;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * What reconcile keeps beside the golden table to skip unchanged source files: per source, a
 * manifest of the files it read (size, time, ETag) and a Delta snapshot of their parsed rows,
 * partitioned by file. A file whose signature is unchanged is taken from the snapshot instead of
 * being read again.
 *
 * <p>Updates are ordered so that a run killed at any point leaves a state the next run can trust:
 * rows of a file are replaced before its manifest entry, and a file whose entry does not match is
 * read again.
 */
final class SourceState {

  /** One file in the manifest of the last successful run. */
  record Entry(
      String source,
      String file,
      String rawFile,
      long size,
      long modifiedMs,
      String etag,
      String fingerprint,
      String schemaJson) {}

  static final StructType MANIFEST_SCHEMA =
      StructType.fromDDL(
          "source STRING, file STRING, raw_file STRING, size BIGINT, modified_ms BIGINT,"
              + " etag STRING, fingerprint STRING, schema_json STRING");

  private final SparkSession spark;
  private final String root;
  private Map<String, List<Entry>> manifest;

  SourceState(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  String manifestUri() {
    return root + "/manifest";
  }

  String snapshotUri(String source) {
    return root + "/sources/" + source;
  }

  /** The manifest entries of a source; empty when there is no usable state. */
  List<Entry> entries(String source) {
    if (manifest == null) {
      manifest = readManifest();
    }
    if (!manifest.containsKey(source) || !isTable(snapshotUri(source))) {
      return List.of();
    }
    return manifest.get(source);
  }

  /** The whole manifest by source, read in one pass; empty when there is none. */
  private Map<String, List<Entry>> readManifest() {
    Map<String, List<Entry>> out = new HashMap<>();
    if (!isTable(manifestUri())) {
      return out;
    }
    for (Row r : spark.read().format("delta").load(manifestUri()).collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(
              new Entry(
                  r.getString(0),
                  r.getString(1),
                  r.getString(2),
                  r.getLong(3),
                  r.getLong(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7)));
    }
    return out;
  }

  /** Snapshot rows of the given files (raw names as Spark reported them). */
  Dataset<Row> snapshot(String source, Collection<String> rawFiles) {
    return spark
        .read()
        .format("delta")
        .load(snapshotUri(source))
        .where(col(FILE).isin(rawFiles.toArray()));
  }

  /**
   * Replaces the whole snapshot of a source. The snapshot is partitioned by file, so replacing one
   * file's rows later is a metadata operation, not a scan of the snapshot. Its manifest entries are
   * written after, by {@link #writeManifest}.
   */
  void replaceAll(String source, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .partitionBy(FILE)
        .save(snapshotUri(source));
  }

  /** Replaces the snapshot rows of the given files (changed or gone) with {@code rows}. */
  void replaceFiles(String source, Dataset<Row> rows, Collection<String> rawFiles) {
    if (!rawFiles.isEmpty()) {
      rows.write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", FILE + " IN (" + quoted(rawFiles) + ")")
          .save(snapshotUri(source));
    }
  }

  /**
   * Replaces the manifest with {@code bySource}'s entries, in one commit, once the snapshots they
   * describe are written. A source without entries (or left out) is read in full next time.
   */
  void writeManifest(Map<String, List<Entry>> bySource) {
    List<Row> rows =
        bySource.values().stream()
            .flatMap(List::stream)
            .map(
                e ->
                    RowFactory.create(
                        e.source(),
                        e.file(),
                        e.rawFile(),
                        e.size(),
                        e.modifiedMs(),
                        e.etag(),
                        e.fingerprint(),
                        e.schemaJson()))
            .toList();
    spark
        .createDataFrame(rows, MANIFEST_SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("overwrite")
        .save(manifestUri());
    manifest = null;
  }

  String runsUri() {
    return root + "/golden_runs";
  }

  /**
   * The run number the next golden write carries as its Delta {@code txnVersion}: one more than the
   * last recorded by a run that completed its bookkeeping, 0 when none did. A run killed between
   * its golden commit and {@link #recordRun} leaves it unchanged, so its retry carries the same
   * number.
   */
  long nextRunNumber() {
    if (!isTable(runsUri())) {
      return 0;
    }
    Row max = spark.read().format("delta").load(runsUri()).agg(functions.max("run_number")).first();
    return max.isNullAt(0) ? 0 : max.getLong(0) + 1;
  }

  /**
   * Records that the run {@code runId} completed its bookkeeping after a golden write numbered
   * {@code number}; the last step of a run's writes before its runs-table record. Appends, so two
   * runs recording at once both succeed.
   */
  void recordRun(long number, String runId, long goldenVersion) {
    spark
        .createDataFrame(
            List.of(RowFactory.create(number, runId, goldenVersion)),
            StructType.fromDDL("run_number BIGINT, run_id STRING, golden_version BIGINT"))
        .withColumn("recorded_at", functions.current_timestamp())
        .write()
        .format("delta")
        .mode("append")
        .save(runsUri());
  }

  /**
   * Whether a Delta table with at least one commit is at exactly {@code uri}. Not {@code
   * DeltaTable.isDeltaTable}: it answers true for any folder inside a table, and the state's
   * default folder is inside the golden table, so a run killed after its golden commit but before
   * its first state commit would leave a state the next run cannot read.
   */
  private boolean isTable(String uri) {
    return DeltaLog.forTable(spark, uri).update(false, Option.empty(), Option.empty()).version()
        >= 0;
  }

  private static String quoted(Collection<String> values) {
    return values.stream().map(SourceState::literal).collect(Collectors.joining(", "));
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
