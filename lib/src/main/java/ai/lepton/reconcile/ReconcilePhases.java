package ai.lepton.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reconcile's DataFrames by phase, built as a run builds them but neither counted, cached nor
 * written: what {@link ReconcileAction#inspect} hands to a plan check.
 */
final class ReconcilePhases {

  private ReconcilePhases() {}

  /** The phases of a run over {@code in}, in order, by name. */
  static Map<String, Dataset<Row>> of(SparkSession spark, ReconcileConfig rc, ReconcileInputs in) {
    String runId = "plan";
    int n = in.prepared().size();
    Map<String, Dataset<Row>> phases = new LinkedHashMap<>();
    in.prepared().forEach(p -> phases.put("read " + p.name(), p.rows()));
    phases.put("quarantine", ReconcileTables.quarantineRows(in.prepared(), runId));
    Dataset<Row> byKey = KeyComparison.byKey(in.prepared(), in.plan(), rc.resolve().policy());
    phases.put("match keys", byKey);
    Dataset<Row> analyzed = ConflictAnalysis.analyze(byKey, in.prepared(), in.plan(), in.norm(), 0);
    phases.put("compare conflicts", analyzed);
    phases.put(
        "discrepancies",
        ReconcileTables.discrepancyRows(analyzed, byKey, in.plan(), n, runId, in.norm().zone()));
    GoldenTable golden = new GoldenTable(spark, rc.output().golden(), in.plan());
    phases.put("golden rows", golden.winningRows(golden.upserts(byKey), 0, in.prepared(), runId));
    return phases;
  }
}
