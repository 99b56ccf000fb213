package ai.lepton.quantize;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param mixed the mixed precision search, when all-int8 failed the gate's quality bounds (else
 *     null)
 */
public record QuantizeResult(
    String job,
    JobResult.Status status,
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
    long durationMs,
    Mixed mixed)
    implements JobResult {

  /** What {@code lepton quantize} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> QuantizeSummary.print(this, out));
  }

  /** Copies the collections, so a result never changes once made. */
  public QuantizeResult {
    forms = Copies.list(forms);
  }

  /** This run's row in the runs table; {@code sourceModel} is the model it quantized. */
  RunRecord runRecord(JobRun job, String sourceModel) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (gate != null) {
      putIfSet(metrics, "gate.agreement", gate.agreement());
      putIfSet(metrics, "gate.metricDrop", gate.metricDrop());
      putIfSet(metrics, "gate.sizeRatio", gate.sizeRatio());
      putIfSet(metrics, "gate.speedRatio", gate.speedRatio());
    }
    metrics.put("rows.test", (double) testRows);
    metrics.put("rows.calibration", (double) calibrationRows);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("model", sourceModel);
    params.put("form", form);
    return job.row(
        status, params, metrics, Map.of(), model == null ? List.of() : List.of(model.uri()), null);
  }

  private static void putIfSet(Map<String, Double> into, String key, Double value) {
    if (value != null) {
      into.put(key, value);
    }
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
      List<String> failures) {

    /** Copies the collections. */
    public Gate {
      failures = Copies.list(failures);
    }
  }

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

  /**
   * Accuracy-controlled mixed precision: which layers stayed fp32 and the gate at each step.
   *
   * @param passed a mix passed the gate (its model is the one written)
   * @param fp32Layers the layers kept fp32 in the written model (or in the last mix tried)
   * @param sensitivityRows the split the sensitivities were measured on ({@code validation}, or
   *     {@code test} when the validation split is empty)
   * @param sensitivity per layer: agreement gained plus metric drop removed by keeping only that
   *     layer fp32, against all-int8; the search keeps the largest first
   * @param steps step 0 is all-int8 (with {@code keep-fp32}), then one step per layer added
   * @param reason what the search found, in words
   */
  public record Mixed(
      boolean passed,
      List<String> fp32Layers,
      String sensitivityRows,
      java.util.Map<String, Double> sensitivity,
      List<Step> steps,
      String reason) {

    /** The lines of the quantize summary about the search: sensitivities, then each step. */
    public String summary() {
      return Text.of(out -> QuantizeSummary.mixed(this, out));
    }

    /** Copies the collections. */
    public Mixed {
      fp32Layers = Copies.list(fp32Layers);
      steps = Copies.list(steps);
      sensitivity = Copies.map(sensitivity);
    }
  }

  /**
   * One mix measured on the test split.
   *
   * @param form the quantized form of its int8 layers ({@code qdq} or {@code dynamic})
   * @param fp32Layers the layers kept fp32
   * @param bytes ONNX file size
   * @param metric the metric on the test split
   * @param agreement share of test rows predicted the same as fp32
   * @param metricDrop fp32 metric minus this one (RMSE: relative increase)
   * @param sizeRatio fp32 file size / this size
   * @param speedRatio rows/s per core against fp32 (measured in the same tasks)
   * @param rowsPerSecondPerCore scoring throughput
   * @param failures the gate thresholds this mix failed
   */
  public record Step(
      String form,
      List<String> fp32Layers,
      long bytes,
      double metric,
      double agreement,
      double metricDrop,
      double sizeRatio,
      double speedRatio,
      double rowsPerSecondPerCore,
      List<String> failures) {

    /** Copies the collections. */
    public Step {
      fp32Layers = Copies.list(fp32Layers);
      failures = Copies.list(failures);
    }

    /** Every gate threshold held. */
    public boolean passed() {
      return failures.isEmpty();
    }
  }
}
