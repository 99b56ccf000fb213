package ai.lepton.pipeline;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.monitor.MonitorAction;
import ai.lepton.monitor.MonitorConfig;
import ai.lepton.monitor.MonitorResult;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The pipeline's retrain decision after reconcile, running the monitor step when it needs to. */
final class RetrainDecision {

  private final SparkSession spark;
  private final LeptonConfig config;
  private final Progress progress;

  RetrainDecision(SparkSession spark, LeptonConfig config, Progress progress) {
    this.spark = spark;
    this.config = config;
    this.progress = progress;
  }

  /**
   * Whether train, quantize and export run, by {@code lepton.pipeline.retrain}: {@code always};
   * {@code never}; {@code on-drift} when the monitor step finds drift between the last trained
   * model's rows and the golden version reconcile wrote, or no model was trained yet. The monitor
   * step runs (and its result joins the steps) unless the mode is {@code always}.
   */
  PipelineResult.Retrain decide(ReconcileResult reconciled, List<JobResult> steps) {
    String mode = PipelinePlan.retrainMode(config);
    if (mode.equals("always")) {
      return new PipelineResult.Retrain(
          mode, true, "lepton.pipeline.retrain = always (the monitor step is skipped)");
    }
    Map<String, Object> keys = new LinkedHashMap<>();
    if (PipelinePlan.blank(config, "lepton.monitor.table")) {
      keys.put("lepton.monitor.table", reconciled.golden().uri());
      keys.put("lepton.monitor.version", reconciled.golden().version());
    }
    LeptonConfig monitorConfig = PipelinePlan.with(config, keys);
    String model = MonitorConfig.from(monitorConfig).model();
    if (!modelExists(model)) {
      boolean train = mode.equals("on-drift");
      return new PipelineResult.Retrain(
          mode,
          train,
          "there is no trained model at "
              + model
              + " to monitor yet"
              + (train ? ", so one is trained" : "; lepton.pipeline.retrain = never"));
    }
    MonitorResult monitored =
        PipelineStepException.run(
            progress,
            "monitor",
            () -> new MonitorAction(spark, monitorConfig).progress(progress).execute());
    steps.add(monitored);
    if (mode.equals("never")) {
      return new PipelineResult.Retrain(
          mode, false, "lepton.pipeline.retrain = never (monitor: " + monitored.message() + ")");
    }
    return new PipelineResult.Retrain(
        mode,
        monitored.drifted(),
        (monitored.drifted() ? "drift since the model was trained: " : "")
            + monitored.message()
            + " (lepton.pipeline.retrain = on-drift)");
  }

  private boolean modelExists(String model) {
    try (ObjectStores stores = ObjectStores.from(config)) {
      String dir = ModelDirectory.resolve(model, stores);
      String manifest = ModelDirectory.child(dir, ModelManifest.FILE);
      return stores.forUri(manifest).exists(manifest);
    }
  }
}
