package ai.lepton.distill;

import ai.lepton.LeptonVersion;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.train.djl.MlpSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The student's {@code lepton-model.json}: a {@code djl.mlp} model on the teacher's features and
 * input, its params the student's spec, the distillation's settings and the split, its lineage
 * naming the teacher (and the teacher's run) and this run.
 */
final class StudentManifest {

  private StudentManifest() {}

  /** The student's manifest; {@code gate} and {@code metrics} are empty in the first, draft one. */
  static ModelManifest of(
      DistillConfig cfg,
      ModelManifest teacher,
      String teacherUri,
      MlpSpec spec,
      SplitRule split,
      String runId,
      Instant started,
      ModelManifest.Gate gate,
      Map<String, Map<String, Double>> metrics,
      boolean exportable) {
    Map<String, Object> params = new LinkedHashMap<>(spec.asMap());
    params.put("distill.temperature", cfg.temperature());
    params.put("distill.teacher-weight", cfg.teacherWeight());
    params.put("split.validation", split.validation());
    params.put("split.test", split.test());
    params.put("split.seed", split.seed());
    Map<String, String> lineage = new LinkedHashMap<>();
    lineage.put("teacher", teacherUri);
    lineage.put("teacherAlgorithm", teacher.algorithm());
    if (teacher.runId() != null) {
      lineage.put("teacherRunId", teacher.runId());
    }
    lineage.put("distillRunId", runId);
    lineage.put("trainRunId", runId);
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        (teacher.name() == null ? "model" : teacher.name()) + "-student",
        "djl.mlp",
        ModelFormat.DJL,
        teacher.features(),
        params,
        metrics,
        teacher.input(),
        runId,
        started.toString(),
        LeptonVersion.lepton(),
        null,
        lineage,
        null,
        gate,
        exportable);
  }

  /** Bytes of a model directory's files under {@code model/}: what scoring loads. */
  static long modelBytes(ModelManifest m) {
    return m.files().entrySet().stream()
        .filter(e -> e.getKey().startsWith("model/"))
        .mapToLong(e -> e.getValue().size())
        .sum();
  }
}
