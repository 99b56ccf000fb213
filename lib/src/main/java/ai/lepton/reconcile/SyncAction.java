package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.col;

import ai.lepton.JobResult;
import ai.lepton.LeptonException;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.data.ColumnMapping;
import ai.lepton.spark.Progress;
import ai.lepton.storage.HadoopStoreConf;
import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * After a reconcile, makes the clouds agree again: rewrites chosen source locations from the golden
 * table in their own format ({@code lepton.sync.write-back}), and mirrors the golden Delta table to
 * other stores file by file ({@code lepton.sync.mirror-to}). Idempotent: a re-run after success
 * copies nothing, a re-run after a kill completes the work. Timestamps written back as text are in
 * {@code lepton.reconcile.normalize.timezone} (or a source's own {@code timeZone} option), not the
 * session's; the session's settings are not changed, only its Hadoop configuration gets {@code
 * lepton.stores}.
 */
public final class SyncAction {

  private final SparkSession spark;
  private final LeptonConfig config;
  private final Set<String> writeBack = new LinkedHashSet<>();
  private final Set<String> mirrorTo = new LinkedHashSet<>();
  private Progress progress;

  /** A sync of {@code lepton.reconcile.output.golden} per {@code lepton.sync}. */
  public SyncAction(SparkSession spark, LeptonConfig config) {
    this.spark = spark;
    this.config = config;
    this.progress = Progress.silent("sync", spark);
    Settings s = Settings.at(config.raw(), "lepton.sync");
    writeBack.addAll(s.strings("write-back"));
    mirrorTo.addAll(s.strings("mirror-to"));
  }

  /** Also rewrite the location of this source (a name in {@code lepton.reconcile.sources}). */
  public SyncAction writeBack(String source) {
    writeBack.add(source);
    return this;
  }

  /** Also mirror the golden table to this location. */
  public SyncAction mirrorTo(String uri) {
    mirrorTo.add(uri);
    return this;
  }

  /** Where progress lines go. */
  public SyncAction progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /**
   * Fails with a {@link ConfigException} when {@code names} (from {@code lepton.sync.write-back} or
   * {@code --write-back}) holds a name that is not a source of {@code rc}, or a source with a
   * {@code transform} (its values cannot be turned back into what the source holds).
   */
  public static void checkWriteBack(ReconcileConfig rc, Collection<String> names) {
    for (String name : names) {
      if (rc.sources().stream().noneMatch(s -> s.name().equals(name))) {
        throw new ConfigException(
            "lepton.sync.write-back names '"
                + name
                + "', which is not a source. Sources: "
                + rc.sources().stream().map(ReconcileConfig.SourceConfig::name).toList());
      }
      ReconcileConfig.SourceConfig source = rc.source(name);
      if (!source.transform().isEmpty()) {
        throw new ConfigException(
            "lepton.sync.write-back names '"
                + name
                + "', whose columns "
                + source.transform().keySet()
                + " are computed by lepton.reconcile.sources["
                + rc.sources().indexOf(source)
                + "].transform: the golden values cannot be written back as that source holds"
                + " them. Write back to another source, or mirror the golden table instead.");
      }
    }
  }

  /** Runs the sync. */
  public SyncResult execute() {
    ReconcileConfig rc = ReconcileConfig.from(config);
    if (writeBack.isEmpty() && mirrorTo.isEmpty()) {
      throw new ConfigException(
          "Nothing to sync: set lepton.sync.write-back (source names) or lepton.sync.mirror-to"
              + " (locations), or pass --write-back SOURCE / --mirror-to URI.");
    }
    checkWriteBack(rc, writeBack);
    String golden = rc.output().golden();
    HadoopStoreConf.apply(config, spark);
    if (!DeltaTable.isDeltaTable(spark, golden)) {
      throw new LeptonException(
          "Cannot sync: there is no golden table at "
              + golden
              + " yet. Run `lepton reconcile` with this config first.");
    }
    Instant started = Instant.now();
    long version = DeltaTable.forPath(spark, golden).history(1).first().getLong(0);
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(golden);
    Column[] data =
        java.util.Arrays.stream(rows.columns())
            .filter(c -> !c.startsWith("_lepton_"))
            .map(c -> col("`" + c + "`"))
            .toArray(Column[]::new);
    List<SyncResult.WriteBack> backs = new ArrayList<>();
    SourceWriteBack writer = new SourceWriteBack(spark, rc.normalize().timezone());
    for (String name : writeBack) {
      ReconcileConfig.SourceConfig source = rc.source(name);
      backs.add(
          progress.step(
              "writing golden version " + version + " back to " + name + " (" + source.uri() + ")",
              () ->
                  writer.write(
                      source,
                      new ColumnMapping(source.columns(), "columns").restore(rows.select(data)),
                      version),
              w -> w.upToDate() ? "already up to date" : w.filesWritten() + " files written"));
    }
    List<SyncResult.Mirror> mirrors = new ArrayList<>();
    TableMirror mirror = new TableMirror(spark.sessionState().newHadoopConf(), progress::say);
    for (String target : mirrorTo) {
      TableMirror.Copied c =
          progress.step(
              "mirroring " + golden + " to " + target,
              () -> mirror.copy(golden, target),
              x -> x.filesCopied() + " files copied, " + x.filesSkipped() + " already there");
      mirrors.add(
          new SyncResult.Mirror(
              target, c.filesCopied(), c.filesSkipped(), c.bytesCopied(), version));
    }
    return new SyncResult(
        "sync",
        JobResult.Status.SUCCEEDED,
        started,
        Duration.between(started, Instant.now()).toMillis(),
        golden,
        version,
        backs,
        mirrors);
  }
}
