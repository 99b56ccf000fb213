package ai.lepton.reconcile;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The changes a run makes to the golden table, computed against the table at {@code readVersion}
 * (-1: no table yet): the winners of new or changed keys ({@code upserts}, cached by {@link
 * GoldenTable#changes}, the caller unpersists them) and the keys gone from every source ({@code
 * deletes}, null unless deletes were asked for).
 */
record GoldenChanges(
    Dataset<Row> upserts,
    Dataset<Row> deletes,
    long upsertCount,
    long deleteCount,
    long readVersion) {

  /** Whether the run changes nothing. */
  boolean isEmpty() {
    return upsertCount == 0 && deleteCount == 0;
  }
}
