package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.FILE;
import static org.apache.spark.sql.functions.col;

import ai.lepton.data.ParsedSource;
import ai.lepton.data.SourceFile;
import ai.lepton.data.SourceFiles;
import ai.lepton.data.SourceReader;
import ai.lepton.data.SourceSpec;
import ai.lepton.internal.Checksums;
import ai.lepton.storage.ObjectStores;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a source, re-reading only the files that changed since the last successful run and taking
 * the rest from {@link SourceState}. The rows it returns are the rows a full read would return, so
 * everything after it computes the same result.
 */
final class IncrementalReader {

  /** What reading a source cost. */
  record Stats(long filesRead, long filesSkipped, long bytesRead, long bytesSkipped) {}

  /**
   * A source as read, its cost, and what to record once the run succeeds; {@code commit} takes the
   * raw names Spark gave the files of the rows read ({@link SourceReader#FILE}), which the run has
   * already collected while counting them, replaces the snapshot rows that changed and returns the
   * source's manifest entries for {@link #recordAll} (empty: read it all next time). {@code
   * changes}: what changed since the last run, when the source was read from the state; null when
   * it was read in full.
   */
  record Read(
      ParsedSource parsed,
      Stats stats,
      Function<Set<String>, List<SourceState.Entry>> commit,
      Changes changes) {}

  /**
   * A source read from the state: the snapshot rows of its unchanged files ({@code kept}), the rows
   * of its changed and added files as parsed now ({@code fresh}, not cached, null when none), and
   * the snapshot rows of files changed or gone since the last run ({@code old}, null when none).
   * {@code kept} and {@code fresh} together are the source as a full read would give it; {@code
   * kept} and {@code old} together are the source as the last completed run read it when the
   * snapshot is at the version that run recorded ({@link ChangedKeysCheck}). {@code oldFiles}: the
   * raw names of the files in {@code old}; {@code goneBytes}: the recorded sizes of the files gone.
   */
  record Changes(
      Dataset<Row> kept,
      Dataset<Row> fresh,
      Dataset<Row> old,
      Set<String> oldFiles,
      long goneBytes) {

    /** Whether no file changed, was added or went away. */
    boolean none() {
      return fresh == null && old == null;
    }
  }

  /**
   * Records what every source read, once the run succeeded: the snapshot rows of the files that
   * changed, then one manifest commit for all sources whose metadata is {@code run}, the run's last
   * write. {@code seen}: per read, the raw file names of its rows. Refuses when another run
   * committed to the state meanwhile ({@code stateUri} names it in the message).
   */
  void recordAll(List<Read> reads, List<Set<String>> seen, CompletedRun run, String stateUri) {
    try {
      Map<String, List<SourceState.Entry>> manifest = new LinkedHashMap<>();
      Map<String, Long> snapshots = new LinkedHashMap<>();
      for (int i = 0; i < reads.size(); i++) {
        String source = reads.get(i).parsed().spec().name();
        manifest.put(source, reads.get(i).commit().apply(seen.get(i)));
        snapshots.put(source, state.snapshotVersion(source));
      }
      state.writeManifest(manifest, run.withSnapshots(snapshots));
    } catch (RuntimeException e) {
      if (ConcurrentCommit.isConflict(e)) {
        throw ConcurrentCommit.refused(
            "incremental state",
            stateUri,
            e,
            "The golden, discrepancy and quarantine tables hold this run's result; the files it"
                + " read are not all recorded, so the next run reads them again.");
      }
      throw e;
    }
  }

  private final SparkSession spark;
  private final SourceReader reader;
  private final SourceState state;
  private final boolean incremental;
  private final String zone;
  private final ObjectStores stores;

  /**
   * {@code zone}: of timestamps written without an offset, where a source does not say; {@code
   * stores}: explain storage failures while listing a source.
   */
  IncrementalReader(
      SparkSession spark,
      SourceState state,
      boolean incremental,
      String zone,
      ObjectStores stores) {
    this.spark = spark;
    this.stores = stores;
    this.reader = new SourceReader(spark, zone);
    this.state = state;
    this.incremental = incremental;
    this.zone = zone;
  }

  Read read(SourceSpec spec) {
    if (spec.format().equals("delta")) {
      return deltaSource(spec);
    }
    List<SourceFile> files = SourceFiles.list(spark, spec, stores);
    String fingerprint = fingerprint(spec, zone);
    List<SourceState.Entry> previous = incremental ? state.entries(spec.name()) : List.of();
    boolean usable =
        !previous.isEmpty() && previous.stream().allMatch(e -> e.fingerprint().equals(fingerprint));
    if (!usable) {
      return fullRead(spec, files, fingerprint);
    }
    Map<String, SourceState.Entry> byPath = new LinkedHashMap<>();
    previous.forEach(e -> byPath.put(e.file(), e));
    List<SourceFile> unchanged = new ArrayList<>();
    List<SourceFile> changed = new ArrayList<>();
    for (SourceFile f : files) {
      SourceState.Entry e = byPath.get(f.path());
      (e != null && e.describes(f) ? unchanged : changed).add(f);
    }
    StructType schema = (StructType) DataType.fromJson(previous.get(0).schemaJson());
    Dataset<Row> fresh =
        changed.isEmpty()
            ? null
            : reader.parse(spec, changed.stream().map(SourceFile::path).toList());
    if (fresh != null && !SourceReader.dataSchema(fresh.schema()).equals(schema)) {
      return fullRead(spec, files, fingerprint);
    }
    List<String> keptRaw =
        unchanged.stream().map(f -> byPath.get(f.path()).rawFile()).filter(r -> r != null).toList();
    Dataset<Row> kept = state.snapshot(spec.name(), keptRaw);
    // not cached here: a run that reconciles only the changed keys uses only their rows
    Dataset<Row> frame = fresh == null ? kept : kept.unionByName(fresh);
    Set<String> replaced =
        previous.stream()
            .filter(e -> e.rawFile() != null && !keptRaw.contains(e.rawFile()))
            .map(SourceState.Entry::rawFile)
            .collect(Collectors.toSet());
    boolean nothingChanged = changed.isEmpty() && unchanged.size() == previous.size();
    Function<Set<String>, List<SourceState.Entry>> commit =
        seen -> {
          if (nothingChanged) {
            // the manifest and snapshot already describe exactly these files
            return previous;
          }
          List<String> rawNew = fresh == null ? List.of() : freshRaw(seen, keptRaw);
          List<SourceState.Entry> added = entries(spec, changed, rawNew, fingerprint, schema);
          if (added == null) {
            return List.of();
          }
          List<SourceState.Entry> all = new ArrayList<>();
          unchanged.forEach(f -> all.add(byPath.get(f.path())));
          all.addAll(added);
          Set<String> toReplace = new HashSet<>(replaced);
          toReplace.addAll(rawNew);
          Dataset<Row> rows = frame.where(col(FILE).isin(rawNew.toArray()));
          state.replaceFiles(spec.name(), rows, toReplace);
          return all;
        };
    Dataset<Row> old = replaced.isEmpty() ? null : state.snapshot(spec.name(), replaced);
    return new Read(
        new ParsedSource(spec, frame, schema),
        new Stats(changed.size(), unchanged.size(), bytes(changed), bytes(unchanged)),
        commit,
        new Changes(kept, fresh, old, Set.copyOf(replaced), goneBytes(previous, files)));
  }

  private Read fullRead(SourceSpec spec, List<SourceFile> files, String fingerprint) {
    ParsedSource parsed = reader.read(spec);
    Function<Set<String>, List<SourceState.Entry>> commit =
        seen -> {
          List<String> raw = freshRaw(seen, List.of());
          List<SourceState.Entry> entries =
              entries(spec, files, raw, fingerprint, parsed.dataSchema());
          if (entries == null) {
            return List.of();
          }
          state.replaceAll(spec.name(), parsed.frame());
          return entries;
        };
    return new Read(parsed, new Stats(files.size(), 0, bytes(files), 0), commit, null);
  }

  private Read deltaSource(SourceSpec spec) {
    ParsedSource parsed = reader.read(spec);
    Row detail = DeltaTable.forPath(spark, spec.uri()).detail().first();
    long files = detail.getLong(detail.fieldIndex("numFiles"));
    long bytes = detail.getLong(detail.fieldIndex("sizeInBytes"));
    return new Read(parsed, new Stats(files, 0, bytes, 0), seen -> List.of(), null);
  }

  /**
   * Manifest entries for {@code files}, pairing each with the raw name Spark gave its rows; null
   * when a raw name matches no listed file (then nothing is trusted and the next run reads all).
   */
  private static List<SourceState.Entry> entries(
      SourceSpec spec,
      List<SourceFile> files,
      List<String> rawNames,
      String fingerprint,
      StructType schema) {
    Map<String, String> rawByPath = new TreeMap<>();
    for (String raw : rawNames) {
      rawByPath.put(SourceFiles.canonical(raw), raw);
    }
    Set<String> listed = files.stream().map(SourceFile::path).collect(Collectors.toSet());
    if (!listed.containsAll(rawByPath.keySet())) {
      return null;
    }
    return files.stream()
        .map(
            f ->
                new SourceState.Entry(
                    spec.name(),
                    f.path(),
                    rawByPath.get(f.path()),
                    f.size(),
                    f.modifiedMs(),
                    f.etag(),
                    fingerprint,
                    schema.json()))
        .toList();
  }

  private static List<String> freshRaw(Set<String> seen, List<String> kept) {
    Set<String> keptSet = new HashSet<>(kept);
    return seen.stream().filter(r -> r != null && !keptSet.contains(r)).sorted().toList();
  }

  /** The recorded sizes of the files in {@code previous} that are not among {@code files}. */
  private static long goneBytes(List<SourceState.Entry> previous, List<SourceFile> files) {
    Set<String> listed = files.stream().map(SourceFile::path).collect(Collectors.toSet());
    return previous.stream()
        .filter(e -> !listed.contains(e.file()))
        .mapToLong(SourceState.Entry::size)
        .sum();
  }

  private static long bytes(List<SourceFile> files) {
    return files.stream().mapToLong(SourceFile::size).sum();
  }

  /**
   * Changes when the way a file's rows are parsed changes (2: values converted to their types one
   * by one, with a reason per row; 3: text with bytes not valid in its encoding has a reason), so
   * that state written by an older reader is read again in full.
   */
  static final String READER_VERSION = "reader 3";

  /**
   * What must be equal for a snapshot to stand in for reading: how values are read ({@link
   * #READER_VERSION}), format, options, schema, column renames and the zone of timestamps without
   * an offset.
   */
  static String fingerprint(SourceSpec spec, String zone) {
    String text =
        READER_VERSION
            + "\n"
            + zone
            + "\n"
            + spec.format()
            + "\n"
            + new TreeMap<>(spec.options())
            + "\n"
            + (spec.schemaDdl() == null ? "" : spec.schemaDdl().trim())
            + (spec.columns().isEmpty() ? "" : "\ncolumns " + spec.columns().renames());
    return Checksums.sha256Hex(text);
  }
}
