package ai.lepton.reconcile;

import ai.lepton.data.SourceFile;
import ai.lepton.data.SourceFiles;
import ai.lepton.data.SourceSpec;
import ai.lepton.spark.DeltaCommits;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * An incremental run that finds nothing changed since the last completed run repeats that run's
 * result instead of computing it again: the same files (path, size, time, ETag) in every source,
 * the same settings ({@link CompletedRun#settingsDigest}), the golden table still at the version
 * that run left, and that run's golden write applied (not skipped by Delta as a retry, which leaves
 * changes pending). Reading the sources, matching keys and comparing would then give exactly the
 * recorded result, so none of it runs: the golden table and the state are left as they are, and the
 * earlier run's discrepancy and quarantine rows are appended again under this run's id (each run's
 * rows stay a complete record of what it found). A source in Delta format always makes the run
 * compute in full.
 */
final class UnchangedRun {

  private final SparkSession spark;
  private final ReconcileConfig rc;
  private final ObjectStores stores;
  private final Progress progress;

  UnchangedRun(SparkSession spark, ReconcileConfig rc, ObjectStores stores, Progress progress) {
    this.spark = spark;
    this.rc = rc;
    this.stores = stores;
    this.progress = progress;
  }

  /**
   * The last completed run's result as this run's, with its rows appended under {@code runId}; null
   * when something changed (the run must be computed).
   */
  ReconcileResult repeat(SourceState state, String settings, String runId, Instant started) {
    CompletedRun last = state.lastRun();
    if (last == null) {
      return null;
    }
    String previous = last.result().runId();
    Map<String, List<SourceFile>> listed = new HashMap<>();
    String changed = changeSince(last, settings, state, listed);
    if (changed != null) {
      progress.say("not repeating run " + previous + ": " + changed);
      return null;
    }
    progress.say(
        "nothing changed since run "
            + previous
            + " (same files, same settings, golden table at version "
            + last.goldenVersion()
            + "): repeating its result");
    ReconcileResult r = last.result();
    ReconcileTables tables = new ReconcileTables(spark, progress, false);
    long discrepancies =
        tables.copyRun(
            "discrepancies",
            rc.output().discrepancies(),
            previous,
            runId,
            "detected_at",
            r.discrepancies().rows());
    long quarantined =
        tables.copyRun(
            "quarantine",
            rc.output().quarantine(),
            previous,
            runId,
            "quarantined_at",
            r.quarantine().rows());
    return new ReconcileResult(
        r.job(),
        r.status(),
        runId,
        started,
        Duration.between(started, Instant.now()).toMillis(),
        false,
        skippedAll(r.sources(), listed),
        r.counts(),
        new ReconcileResult.Golden(
            r.golden().uri(), last.goldenVersion(), r.golden().rows(), 0, 0, 0, false),
        new ReconcileResult.Table(r.discrepancies().uri(), discrepancies),
        new ReconcileResult.Table(r.quarantine().uri(), quarantined),
        r.gate(),
        r.schema(),
        r.conflicts(),
        previous);
  }

  /**
   * What changed since {@code last}, in words; null when nothing did. {@code listed} gets each
   * source's files as listed now.
   */
  private String changeSince(
      CompletedRun last, String settings, SourceState state, Map<String, List<SourceFile>> listed) {
    if (!settings.equals(last.settings())) {
      return "the settings changed";
    }
    if (last.result().golden().skippedAsRetry()) {
      return "its golden write was skipped as a retry (changes pending)";
    }
    long golden = DeltaCommits.latestVersion(spark, rc.output().golden());
    if (golden != last.goldenVersion()) {
      return "the golden table is at version " + golden + ", not " + last.goldenVersion();
    }
    for (int i = 0; i < rc.sources().size(); i++) {
      SourceSpec spec = ReconcileInputs.spec(rc, i);
      if (spec.format().equals("delta")) {
        return spec.name() + " is a Delta table (always read)";
      }
      List<SourceState.Entry> entries = state.manifestEntries(spec.name());
      String fingerprint = IncrementalReader.fingerprint(spec, rc.normalize().timezone());
      List<SourceFile> files = SourceFiles.list(spark, spec, stores);
      if (!same(files, entries, fingerprint)) {
        return "files of " + spec.name() + " changed";
      }
      listed.put(spec.name(), files);
    }
    return null;
  }

  private static boolean same(
      List<SourceFile> files, List<SourceState.Entry> entries, String fingerprint) {
    if (entries.isEmpty() || files.size() != entries.size()) {
      return false;
    }
    Map<String, SourceState.Entry> byPath = new HashMap<>();
    for (SourceState.Entry e : entries) {
      if (!e.fingerprint().equals(fingerprint)) {
        return false;
      }
      byPath.put(e.file(), e);
    }
    return files.stream()
        .allMatch(f -> byPath.containsKey(f.path()) && byPath.get(f.path()).describes(f));
  }

  /** The sources as the recorded run counted them, every file skipped this time. */
  private static List<ReconcileResult.Source> skippedAll(
      List<ReconcileResult.Source> recorded, Map<String, List<SourceFile>> listed) {
    List<ReconcileResult.Source> out = new ArrayList<>();
    for (ReconcileResult.Source s : recorded) {
      List<SourceFile> files = listed.getOrDefault(s.name(), List.of());
      out.add(
          new ReconcileResult.Source(
              s.name(),
              s.uri(),
              s.format(),
              0,
              files.size(),
              0,
              files.stream().mapToLong(SourceFile::size).sum(),
              s.rowsRead(),
              s.rowsQuarantined(),
              s.duplicateKeys(),
              s.rowsInGolden(),
              s.rowsLostConflict()));
    }
    return out;
  }
}
