package ai.lepton.distill;

import ai.lepton.errors.Failures;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelInputTable;
import ai.lepton.model.ModelManifest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a distillation takes from its teacher: the checked teacher, and the Delta table the student
 * trains and tests on (configured, else the teacher's own).
 */
final class TeacherData {

  private TeacherData() {}

  /**
   * The teacher's feature signature; fails unless the teacher is a model lepton train wrote (not an
   * ONNX model of lepton quantize) for a binary or regression task.
   */
  static FeatureSignature checkTeacher(ModelManifest teacher, DistillConfig cfg) {
    FeatureSignature sig = teacher.features();
    if (sig == null) {
      throw new DistillException(
          "The teacher at "
              + cfg.teacher()
              + " has no feature signature in its lepton-model.json. Point lepton.distill.teacher"
              + " at a model lepton train wrote.");
    }
    if (teacher.format() == ModelFormat.ONNX) {
      throw new DistillException(
          "The teacher at "
              + cfg.teacher()
              + " is an ONNX model written by lepton quantize. Point lepton.distill.teacher at the"
              + " model it came from (lineage.sourceModel in its lepton-model.json).");
    }
    if (sig.task().equals("multiclass")) {
      throw new DistillException(
          "The teacher at "
              + cfg.teacher()
              + " is a multiclass model; lepton distill supports binary and regression teachers"
              + " (the student's trainer takes one soft target per row). Distill a binary or"
              + " regression model.");
    }
    return sig;
  }

  /** The table the student trains and tests on: {@code lepton.distill.data}, else the teacher's. */
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
