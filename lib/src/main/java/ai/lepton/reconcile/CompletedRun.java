package ai.lepton.reconcile;

import ai.lepton.LeptonVersion;
import ai.lepton.config.LeptonConfig;
import ai.lepton.internal.Checksums;
import ai.lepton.internal.Copies;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.typesafe.config.ConfigRenderOptions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The last reconcile run that completed its bookkeeping, as the incremental state records it (the
 * commit metadata of the state's manifest): its run number, the settings it ran with, the golden
 * version it left and its whole result. A later run whose files and settings are unchanged and
 * which finds the golden table at that version repeats this result instead of computing it again
 * ({@link UnchangedRun}); every run takes its golden write's run number from it.
 *
 * @param format the layout of this record; a record of another layout is ignored
 * @param runNumber the greatest run number known completed: the one this run's golden write
 *     carried, or the one the golden table records if greater (an earlier attempt committed it)
 * @param settings {@link #settingsDigest} of the run
 * @param goldenVersion the golden table's version after the run
 * @param result the run's result
 * @param snapshots per source, the version of its snapshot in the state once the run recorded its
 *     files; a run that reconciles only changed keys reads the last run's rows from them, so a
 *     snapshot at another version (a run killed after writing it) makes the next run reconcile
 *     every key. Null in records written before it existed.
 */
record CompletedRun(
    int format,
    long runNumber,
    String settings,
    long goldenVersion,
    ReconcileResult result,
    Map<String, Long> snapshots) {

  static final int FORMAT = 1;

  /** A completed run whose snapshot versions are not known yet ({@link #withSnapshots}). */
  CompletedRun(
      int format, long runNumber, String settings, long goldenVersion, ReconcileResult result) {
    this(format, runNumber, settings, goldenVersion, result, null);
  }

  /** A run of this layout that completed with {@code result}, at the golden version it reports. */
  CompletedRun(long runNumber, String settings, ReconcileResult result) {
    this(FORMAT, runNumber, settings, result.golden().version(), result);
  }

  /** Copies the map. */
  CompletedRun {
    snapshots = snapshots == null ? null : Copies.map(snapshots);
  }

  /** This run with its snapshots' versions, as they are once it recorded its files. */
  CompletedRun withSnapshots(Map<String, Long> versions) {
    return new CompletedRun(format, runNumber, settings, goldenVersion, result, versions);
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The record as JSON, for the manifest commit's metadata. */
  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a reconcile result is always serialisable", e);
    }
  }

  /** The record in {@code json}; null when it is absent, unreadable or of another layout. */
  static CompletedRun fromJson(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      CompletedRun r = JSON.readValue(json, CompletedRun.class);
      return r.format() == FORMAT && r.result() != null ? r : null;
    } catch (JsonProcessingException | RuntimeException e) {
      return null; // an older layout, or metadata another tool wrote: compute the run in full
    }
  }

  /**
   * A digest of everything besides the source files that decides a run's result: the whole {@code
   * lepton.reconcile} configuration, Lepton's version, how rows are read ({@link
   * IncrementalReader#READER_VERSION}) and the session's ANSI setting (it decides what a failing
   * transform gives).
   */
  static String settingsDigest(LeptonConfig config, SparkSession spark) {
    return settingsDigest(config, spark.conf().get("spark.sql.ansi.enabled", "false"));
  }

  /** {@link #settingsDigest(LeptonConfig, SparkSession)} with the session's ANSI setting given. */
  static String settingsDigest(LeptonConfig config, String ansi) {
    String reconcile =
        config.raw().hasPath("lepton.reconcile")
            ? config
                .raw()
                .getConfig("lepton.reconcile")
                .root()
                .render(ConfigRenderOptions.concise())
            : "";
    return Checksums.sha256Hex(
        LeptonVersion.lepton()
            + "\n"
            + IncrementalReader.READER_VERSION
            + "\nansi "
            + ansi
            + "\n"
            + reconcile);
  }
}
