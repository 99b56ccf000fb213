package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.FILE;
import static org.apache.spark.sql.functions.col;

import ai.lepton.data.SourceFile;
import ai.lepton.spark.DeltaCommits;
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
import org.apache.spark.sql.types.StructType;

/**
 * What reconcile keeps beside the golden table to skip unchanged source files: per source, a
 * manifest of the files it read (size, time, ETag) and a Delta snapshot of their parsed rows,
 * partitioned by file. A file whose signature is unchanged is taken from the snapshot instead of
 * being read again. The manifest's latest commit carries, as its metadata, the last completed run
 * ({@link CompletedRun}): its run number, settings, golden version and result.
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
      String schemaJson) {

    /** Whether {@code f} is this entry's file with the same size, time and ETag. */
    boolean describes(SourceFile f) {
      return f.unchangedFrom(new SourceFile(file, size, modifiedMs, etag));
    }
  }

  static final StructType MANIFEST_SCHEMA =
      StructType.fromDDL(
          "source STRING, file STRING, raw_file STRING, size BIGINT, modified_ms BIGINT,"
              + " etag STRING, fingerprint STRING, schema_json STRING");

  private final SparkSession spark;
  private final String root;
  private Map<String, List<Entry>> manifest;
  private CompletedRun lastRun;
  private boolean lastRunRead;

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

  /** The manifest entries of a source whose snapshot can be read; empty when there is none. */
  List<Entry> entries(String source) {
    List<Entry> entries = manifestEntries(source);
    return entries.isEmpty() || !isTable(snapshotUri(source)) ? List.of() : entries;
  }

  /** The manifest entries of a source, whether or not its snapshot is there. */
  List<Entry> manifestEntries(String source) {
    if (manifest == null) {
      manifest = readManifest();
    }
    return manifest.getOrDefault(source, List.of());
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

  /** The version of a source's snapshot, -1 when there is none. */
  long snapshotVersion(String source) {
    return DeltaCommits.latestVersion(spark, snapshotUri(source));
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
   * Replaces the manifest with {@code bySource}'s entries, in one commit whose metadata is {@code
   * run}, once the snapshots they describe are written: the last write of a run. A source without
   * entries (or left out) is read in full next time.
   */
  void writeManifest(Map<String, List<Entry>> bySource, CompletedRun run) {
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
        .option("userMetadata", run.toJson())
        .save(manifestUri());
    manifest = null;
    lastRun = run;
  }

  /**
   * The last run that completed its bookkeeping, from the metadata of the manifest's latest commit;
   * null when there is none (no state yet, or state written by an older Lepton).
   */
  CompletedRun lastRun() {
    if (!lastRunRead) {
      DeltaCommits.Commit latest =
          isTable(manifestUri()) ? DeltaCommits.latest(spark, manifestUri()) : null;
      lastRun = latest == null ? null : CompletedRun.fromJson(latest.userMetadata());
      lastRunRead = true;
    }
    return lastRun;
  }

  /**
   * Whether a Delta table with at least one commit is at exactly {@code uri}. Not {@code
   * DeltaTable.isDeltaTable}: it answers true for any folder inside a table, and the state's
   * default folder is inside the golden table, so a run killed after its golden commit but before
   * its first state commit would leave a state the next run cannot read.
   */
  private boolean isTable(String uri) {
    return DeltaCommits.latestVersion(spark, uri) >= 0;
  }

  private static String quoted(Collection<String> values) {
    return values.stream().map(SourceState::literal).collect(Collectors.joining(", "));
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
