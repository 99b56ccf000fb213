package ai.lepton.distill;

import ai.lepton.errors.Failures;
import ai.lepton.model.ModelInputTable;
import ai.lepton.model.ModelManifest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Delta table a distillation trains and tests on: configured, else the teacher's own. */
final class TeacherData {

  private TeacherData() {}

  static Dataset<Row> read(SparkSession spark, DistillConfig cfg, ModelManifest teacher) {
    ModelInputTable in = ModelInputTable.of(cfg.table(), cfg.version(), teacher);
    if (in.missing()) {
      throw new DistillException(
          "No data to distill on: the teacher at "
              + cfg.teacher()
              + " names no input table. Set lepton.distill.data.table.");
    }
    try {
      return in.read(spark);
    } catch (Exception e) {
      throw Failures.wrap(
          e,
          "read the Delta table " + in,
          "Fix lepton.distill.data.table / data.version.",
          DistillException::new);
    }
  }
}
