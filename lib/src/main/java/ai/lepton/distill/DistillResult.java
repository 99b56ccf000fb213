package ai.lepton.distill;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code lepton distill} did.
 *
 * @param job always {@code distill}
 * @param status {@code succeeded}, or {@code failed} when the gate failed
 * @param runId this run (the id {@code --resume} takes)
 * @param teacher the teacher's figures
 * @param student the student's figures (scored through its Lepton predictor, DJL)
 * @param studentOnnxRowsPerSecondPerCore the student's throughput as fp32 ONNX (what lepton
 *     quantize makes of it for serving), timed in the same tasks as the teacher; the gate's speed
 *     ratio uses this figure
 * @param gate the gate, student against teacher
 * @param training how the student trained
 * @param model where the student's model directory was written
 * @param testRows rows of the test split scored
 * @param durationMs wall time
 */
public record DistillResult(
    String job,
    JobResult.Status status,
    String runId,
    Side teacher,
    Side student,
    double studentOnnxRowsPerSecondPerCore,
    Gate gate,
    Training training,
    Model model,
    long testRows,
    long durationMs)
    implements JobResult {

  /** What {@code lepton distill} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> DistillSummary.print(this, out));
  }

  /** This run's row in the runs table: the gate's figures and the distillation's settings. */
  RunRecord runRecord(JobRun job, DistillConfig cfg) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("gate.agreement", gate.agreement());
    metrics.put("gate.metricDrop", gate.metricDrop());
    metrics.put("gate.sizeRatio", gate.sizeRatio());
    metrics.put("gate.speedRatio", gate.speedRatio());
    metrics.put("teacher." + gate.metric(), teacher.metric());
    metrics.put("student." + gate.metric(), student.metric());
    metrics.put("rows.test", (double) testRows);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("teacher", cfg.teacher());
    params.put("student.hidden", String.valueOf(cfg.student().hidden()));
    params.put("temperature", String.valueOf(cfg.temperature()));
    params.put("teacher-weight", String.valueOf(cfg.teacherWeight()));
    return job.row(status, params, metrics, Map.of(), List.of(model.uri()), null);
  }

  /** Student rows/s per core through its DJL predictor / teacher rows/s per core. */
  public double djlSpeedRatio() {
    return teacher.rowsPerSecondPerCore() == 0
        ? 0
        : student.rowsPerSecondPerCore() / teacher.rowsPerSecondPerCore();
  }

  /**
   * One model's figures on the test split.
   *
   * @param uri its model directory
   * @param algorithm e.g. {@code xgboost}, {@code djl.mlp}
   * @param bytes the size of its model files (what scoring loads)
   * @param metric AUC (binary) or RMSE (regression)
   * @param rowsPerSecondPerCore scoring throughput through its Lepton predictor
   */
  public record Side(
      String uri, String algorithm, long bytes, double metric, double rowsPerSecondPerCore) {}

  /**
   * The gate.
   *
   * @param passed every threshold held
   * @param forced the student was kept exportable though the gate failed
   * @param agreement share of test rows the student predicts as the teacher does
   * @param metricDrop teacher metric minus student metric (RMSE: relative increase)
   * @param sizeRatio teacher bytes / student bytes
   * @param speedRatio student rows/s per core as fp32 ONNX / teacher's
   * @param metric the metric's name
   * @param failures the thresholds that failed, in words
   */
  public record Gate(
      boolean passed,
      boolean forced,
      double agreement,
      double metricDrop,
      double sizeRatio,
      double speedRatio,
      String metric,
      List<String> failures) {

    /** Copies the collections. */
    public Gate {
      failures = Copies.list(failures);
    }
  }

  /**
   * The student's training.
   *
   * @param rounds rounds in the model (with those done before a resume)
   * @param resumedFromRound the checkpoint's round a resumed run started after; 0 when fresh
   * @param finalLoss the last round's training loss against the soft targets
   * @param temperature the soft targets' temperature
   * @param teacherWeight the teacher's share in each target
   * @param hidden the student's hidden layer widths
   * @param workers barrier tasks per round
   */
  public record Training(
      int rounds,
      int resumedFromRound,
      double finalLoss,
      double temperature,
      double teacherWeight,
      List<Integer> hidden,
      int workers) {

    /** Copies the collections. */
    public Training {
      hidden = Copies.list(hidden);
    }
  }

  /**
   * The written student.
   *
   * @param uri the model directory
   * @param exportable false when the gate failed and was not forced
   */
  public record Model(String uri, boolean exportable) {}
}
