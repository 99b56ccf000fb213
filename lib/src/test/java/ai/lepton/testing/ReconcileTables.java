package ai.lepton.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads what a reconcile run wrote, for assertions. */
public final class ReconcileTables {

  private ReconcileTables() {}

  /** The conflict rows of the discrepancies table at {@code discrepancies}, as "id/column". */
  public static List<String> conflicts(SparkSession spark, Path discrepancies) {
    List<String> out = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(discrepancies.toString())
            .filter("kind = 'conflict'")
            .collectAsList()) {
      out.add(r.getString(r.fieldIndex("id")) + "/" + r.getString(r.fieldIndex("column")));
    }
    return out;
  }
}
