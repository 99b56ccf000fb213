package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.quote;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import ai.lepton.spark.DeltaCommits;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The discrepancy and quarantine rows of a run that reconciles only the changed keys ({@link
 * ChangedKeysRun}): the rows the last run appended for everything that did not change, carried
 * under this run's id with the time set to now, together with this run's own rows. Each run's rows
 * so stay the complete record of what it found, as when every key is reconciled.
 */
final class CarriedRows {

  private final SparkSession spark;
  private final ReconcileConfig rc;
  private final ReconcileResult previous;
  private final String runId;

  /** Rows of run {@code previous} carried into run {@code runId}. */
  CarriedRows(SparkSession spark, ReconcileConfig rc, ReconcileResult previous, String runId) {
    this.spark = spark;
    this.rc = rc;
    this.previous = previous;
    this.runId = runId;
  }

  /**
   * The last run's discrepancy rows of keys not in {@code changedKeys} ({@code keyCount} of them),
   * and {@code own}, this run's rows of the changed keys.
   */
  Dataset<Row> discrepancies(
      Dataset<Row> changedKeys, long keyCount, Dataset<Row> own, ReconcilePlan plan) {
    Dataset<Row> last =
        rows(rc.output().discrepancies(), previous.discrepancies().rows(), "detected_at");
    return last == null
        ? own
        : last.join(
                KeyComparison.lookup(changedKeys, keyCount),
                KeyComparison.seq(plan.keys()),
                "left_anti")
            .unionByName(own, true);
  }

  /**
   * The last run's quarantine rows of files unchanged since ({@code reads} name the files changed
   * or gone), and {@code own}, this run's rows of the changed files.
   */
  Dataset<Row> quarantine(List<IncrementalReader.Read> reads, Dataset<Row> own) {
    Dataset<Row> last =
        rows(rc.output().quarantine(), previous.quarantine().rows(), "quarantined_at");
    return last == null ? own : last.filter(notFrom(reads)).unionByName(own, true);
  }

  /**
   * The conflict rows of {@code discrepancies}, laid out as {@link ConflictSamples#samples} reads
   * them.
   */
  static Dataset<Row> conflictRows(Dataset<Row> discrepancies, ReconcilePlan plan) {
    List<Column> out = new ArrayList<>();
    plan.keys().forEach(k -> out.add(col(quote(k))));
    out.add(col("column"));
    out.add(col("values"));
    out.add(col("winner"));
    return discrepancies.where(col("kind").equalTo("conflict")).select(out.toArray(Column[]::new));
  }

  /**
   * The rows the last run appended to the Delta table at {@code uri} ({@code count} of them), under
   * this run's id with {@code timeColumn} set to now; null when there are none.
   */
  private Dataset<Row> rows(String uri, long count, String timeColumn) {
    if (count == 0 || DeltaCommits.latestVersion(spark, uri) < 0) {
      return null;
    }
    return ReconcileTables.runRows(spark, uri, previous.runId(), runId, timeColumn);
  }

  /** True for a quarantine row that came from none of the files changed or gone. */
  private static Column notFrom(List<IncrementalReader.Read> reads) {
    Column changed = lit(false);
    for (IncrementalReader.Read r : reads) {
      if (!r.changes().oldFiles().isEmpty()) {
        changed =
            changed.or(
                col("source")
                    .equalTo(r.parsed().spec().name())
                    .and(col("file").isin(r.changes().oldFiles().toArray())));
      }
    }
    return coalesce(changed, lit(false)).unary_$bang();
  }
}
