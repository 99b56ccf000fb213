package ai.lepton.reconcile;

import ai.lepton.spark.Progress;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A reconcile run's golden write and its run number: finds the rows to change, numbers the write
 * for Delta's idempotent commit ({@code txnAppId}/{@code txnVersion}), writes it, and says which
 * run number the run completes.
 */
final class GoldenWrite {

  private final SparkSession spark;
  private final ReconcileConfig rc;
  private final Progress progress;

  GoldenWrite(SparkSession spark, ReconcileConfig rc, Progress progress) {
    this.spark = spark;
    this.rc = rc;
    this.progress = progress;
  }

  /**
   * The run number to record as completed: the number this run's golden write carried; when it
   * wrote nothing, the greater of the last completed run's and the number the golden table records
   * (an earlier attempt committed golden and was killed before its bookkeeping: this run completed
   * it), so the next run that writes carries a new number. -1 when no run has written golden.
   */
  long runNumber(ReconcileResult.Golden golden, CompletedRun last) {
    if (golden.txnVersion() >= 0) {
      return golden.txnVersion();
    }
    String uri = rc.output().golden();
    long recorded = GoldenTxn.recorded(spark, uri, GoldenTxn.appId(uri));
    return Math.max(recorded, last == null ? -1 : last.runNumber());
  }

  /**
   * Finds the golden rows to change and writes them in one commit carrying this run's transaction
   * identifier ({@code write} false: only finds them); the upserts it caches go to {@code cached}.
   * {@code last}: the last completed run, whose row count is carried instead of counted. {@code
   * scope}: the only keys {@code byKey} covers ({@code scopeCount} of them), null for all.
   */
  ReconcileResult.Golden write(
      ReconcilePlan plan,
      Dataset<Row> byKey,
      List<PreparedSource> prepared,
      String runId,
      boolean write,
      List<Dataset<Row>> cached,
      CompletedRun last,
      Dataset<Row> scope,
      long scopeCount) {
    GoldenTable table =
        new GoldenTable(spark, rc.output().golden(), plan, rc.output().deletionVectors());
    GoldenChanges changes =
        progress.step(
            "finding golden rows to change",
            () -> table.changes(byKey, rc.output().deleteMissing(), scope, scopeCount),
            c -> c.upsertCount() + " to insert or update, " + c.deleteCount() + " to delete");
    cached.add(changes.upserts());
    if (!write || changes.isEmpty()) {
      if (write) {
        progress.say("golden table unchanged: no new version");
      }
      long version = table.latestVersion();
      return new ReconcileResult.Golden(
          rc.output().golden(), version, goldenRows(table, version, last, 0), 0, 0, 0, false);
    }
    GoldenTxn txn = txn(last);
    GoldenTable.Commit commit =
        progress.step(
            "writing golden table " + rc.output().golden() + " (run number " + txn.version() + ")",
            () -> table.write(changes, prepared, runId, txn),
            c ->
                c.skipped()
                    ? "skipped by Delta: run number "
                        + txn.version()
                        + " is already committed (version "
                        + c.version()
                        + ")"
                    : "version " + c.version());
    long pending = commit.skipped() ? changes.upsertCount() + changes.deleteCount() : 0;
    long rows =
        commit.skipped()
            ? table.rows()
            : changes.readVersion() < 0
                ? commit.inserted()
                : goldenRows(
                    table, changes.readVersion(), last, commit.inserted() - commit.deleted());
    return new ReconcileResult.Golden(
        rc.output().golden(),
        commit.version(),
        rows,
        commit.inserted(),
        commit.updated(),
        commit.deleted(),
        !commit.skipped(),
        txn.appId(),
        txn.version(),
        commit.skipped(),
        pending);
  }

  /**
   * The golden table's rows: those the last completed run left at {@code version} plus {@code
   * added} when it left that version (no pass over the table), else counted.
   */
  private static long goldenRows(GoldenTable table, long version, CompletedRun last, long added) {
    if (last != null && last.goldenVersion() == version && version >= 0) {
      return last.result().golden().rows() + added;
    }
    return table.rows();
  }

  /**
   * This run's transaction identifier for the golden write: one more than the last completed run's,
   * unless the golden table records a greater one (the state was removed or replaced), then one
   * more than that.
   */
  private GoldenTxn txn(CompletedRun last) {
    String appId = GoldenTxn.appId(rc.output().golden());
    long next = last == null ? 0 : last.runNumber() + 1;
    long recorded = GoldenTxn.recorded(spark, rc.output().golden(), appId);
    if (recorded > next) {
      progress.say(
          "the golden table records run number "
              + recorded
              + " but "
              + rc.output().state()
              + " only "
              + (next - 1)
              + " (state removed or replaced?): numbering from "
              + (recorded + 1));
      next = recorded + 1;
    } else if (recorded == next) {
      progress.say(
          "run number "
              + next
              + " is already in the golden table: an earlier attempt of this run committed it and"
              + " stopped before its bookkeeping; Delta skips this run's golden write");
    }
    return new GoldenTxn(appId, next);
  }
}
