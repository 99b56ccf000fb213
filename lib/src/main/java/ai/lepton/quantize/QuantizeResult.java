package ai.lepton.quantize;

import java.util.List;

/**
 * What {@code lepton quantize} did.
 *
 * @param job always {@code quantize}
 * @param status {@code succeeded}, or {@code failed} when the gate failed
 * @param runId this run
 * @param form {@code qdq}, {@code dynamic}, or {@code none} (passed through unquantized)
 * @param reason why this form (or why none)
 * @param gate the gate's figures; for a pass-through, passed with no figures
 * @param fp32 the source model's figures as fp32 ONNX (null for a pass-through)
 * @param int8 the chosen quantized model's figures (null for a pass-through)
 * @param forms every form measured
 * @param model where the model directory was written
 * @param calibrationRows rows the activation ranges came from
 * @param testRows rows of the test split scored
 * @param durationMs wall time
 */
public record QuantizeResult(
    String job,
    String status,
    String runId,
    String form,
    String reason,
    Gate gate,
    Side fp32,
    Side int8,
    List<Form> forms,
    Model model,
    long calibrationRows,
    long testRows,
    long durationMs) {

  /** True unless the gate failed. */
  public boolean succeeded() {
    return status.equals("succeeded");
  }

  /**
   * The verification gate.
   *
   * @param passed every threshold held
   * @param forced the model was kept exportable though the gate failed ({@code --force})
   * @param agreement share of test rows predicted the same as fp32
   * @param metricDrop fp32 metric minus int8 metric (RMSE: relative increase)
   * @param sizeRatio fp32 file size / int8 file size
   * @param speedRatio int8 rows/s per core / fp32 rows/s per core
   * @param metric the metric's name ({@code auc}, {@code accuracy}, {@code rmse})
   * @param failures the thresholds that failed, in words
   */
  public record Gate(
      boolean passed,
      boolean forced,
      Double agreement,
      Double metricDrop,
      Double sizeRatio,
      Double speedRatio,
      String metric,
      List<String> failures) {}

  /**
   * One model's figures.
   *
   * @param bytes ONNX file size
   * @param metric the metric on the test split
   * @param rowsPerSecondPerCore scoring throughput
   */
  public record Side(long bytes, double metric, double rowsPerSecondPerCore) {}

  /** A measured form with its figures and whether it passed the gate. */
  public record Form(
      String form,
      long bytes,
      double metric,
      double agreement,
      double rowsPerSecondPerCore,
      boolean passed) {}

  /**
   * The written model.
   *
   * @param uri the model directory
   * @param exportable false when the gate failed and was not forced
   */
  public record Model(String uri, boolean exportable) {}
}
