package ai.lepton.distill;

import ai.lepton.model.ModelManifest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Delta table a distillation trains and tests on: configured, else the teacher's own. */
final class TeacherData {

  private TeacherData() {}

  static Dataset<Row> read(SparkSession spark, DistillConfig cfg, ModelManifest teacher) {
    String table = cfg.table();
    long version = cfg.version();
    if (table.isEmpty() && teacher.input() != null) {
      table = teacher.input().table();
    }
    if (version < 0 && teacher.input() != null && table.equals(teacher.input().table())) {
      version = teacher.input().version();
    }
    if (table == null || table.isEmpty()) {
      throw new DistillException(
          "No data to distill on: the teacher at "
              + cfg.teacher()
              + " names no input table. Set lepton.distill.data.table.");
    }
    try {
      var reader = spark.read().format("delta");
      if (version >= 0) {
        reader = reader.option("versionAsOf", version);
      }
      return reader.load(table);
    } catch (Exception e) {
      throw new DistillException(
          "Cannot read the Delta table "
              + table
              + (version >= 0 ? " at version " + version : "")
              + ": "
              + e.getMessage()
              + ". Fix lepton.distill.data.table / data.version.",
          e);
    }
  }
}
