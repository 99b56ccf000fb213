package ai.lepton.pipeline;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Redactor;
import ai.lepton.distill.DistillAction;
import ai.lepton.distill.DistillConfig;
import ai.lepton.distill.DistillResult;
import ai.lepton.export.ExportAction;
import ai.lepton.export.ExportConfig;
import ai.lepton.export.ExportResult;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.monitor.MonitorAction;
import ai.lepton.monitor.MonitorConfig;
import ai.lepton.monitor.MonitorResult;
import ai.lepton.quantize.QuantizeAction;
import ai.lepton.quantize.QuantizeConfig;
import ai.lepton.quantize.QuantizeResult;
import ai.lepton.reconcile.ReconcileAction;
import ai.lepton.reconcile.ReconcileConfig;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.RunId;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import ai.lepton.train.TrainAction;
import ai.lepton.train.TrainConfig;
import ai.lepton.train.TrainResult;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * reconcile → monitor → train → distill → quantize → export in one run. Each step is the same
 * action its own command runs and records its own row in the runs table; the pipeline records one
 * more. Each step takes what the previous one made unless the config names it: train reads the
 * golden table at the version reconcile just wrote, distill takes the model train wrote as its
 * teacher, quantize the model train (or distill) wrote, export the model quantize (or distill)
 * wrote. After reconcile, {@code lepton.pipeline.retrain} decides whether the steps after it run
 * (on-drift: when the monitor step finds drift; the result says why); {@code
 * lepton.pipeline.distill} whether distill runs before quantize, instead of it, or not at all. The
 * pipeline stops at the first failed gate (reconcile's conflict gate, distill's gate, quantize's
 * verification gate, export's refusal of a gate-failed model).
 */
public final class PipelineAction {

  /** The steps, in order ({@code distill} runs only when {@code lepton.pipeline.distill} says). */
  public static final List<String> STEPS =
      List.of("reconcile", "monitor", "train", "distill", "quantize", "export");

  /**
   * The values of {@code lepton.pipeline.distill}: no distill step; distill, then quantize the
   * student; distill and export the student as it is (no quantize step).
   */
  public static final List<String> DISTILL =
      List.of("off", "before-quantize", "instead-of-quantize");

  /** The values of {@code lepton.pipeline.retrain}. */
  public static final List<String> RETRAIN = List.of("always", "never", "on-drift");

  private final SparkSession spark;
  private final LeptonConfig config;
  private Progress progress;
  private boolean force;
  private String until;
  private PipelineResult.Retrain retrain;

  public PipelineAction(SparkSession spark, LeptonConfig config) {
    this.spark = spark;
    this.config = config;
    this.progress = Progress.silent("pipeline", spark);
  }

  /** Where progress lines go. */
  public PipelineAction progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** Stop after {@code step} (one of {@link #STEPS}); null runs them all. */
  public PipelineAction until(String step) {
    checkStep(step);
    this.until = step;
    return this;
  }

  /** ConfigException unless {@code step} is null or one of {@link #STEPS}. */
  public static void checkStep(String step) {
    if (step != null && !STEPS.contains(step)) {
      throw new ai.lepton.config.ConfigException(
          "Unknown pipeline step '" + step + "'. Steps, in order: " + STEPS + ".");
    }
  }

  /** Keep going past a failed distill or quantize gate and export anyway (recorded as forced). */
  public PipelineAction force(boolean force) {
    this.force = force;
    return this;
  }

  /**
   * Checks the config of every step up to {@code until} (null: all) before any work starts, with
   * the keys the pipeline fills in given stand-in values (ConfigException on a problem).
   */
  public static void check(LeptonConfig config, String until) {
    checkStep(until);
    String mode = retrainMode(config);
    List<String> steps = steps(config, until);
    ReconcileConfig rc = ReconcileConfig.from(config);
    LeptonConfig standIn =
        with(
            config,
            Map.of(
                "lepton.train.input.table", rc.output().golden(),
                "lepton.distill.teacher", rc.output().golden() + "-model",
                "lepton.quantize.model", rc.output().golden() + "-model",
                "lepton.export.model", rc.output().golden() + "-model"));
    if (steps.contains("monitor") && !mode.equals("always")) {
      MonitorConfig.from(standIn);
    }
    if (steps.contains("train")) {
      TrainConfig.from(standIn);
    }
    if (steps.contains("distill")) {
      DistillConfig.from(standIn);
    }
    if (steps.contains("quantize")) {
      QuantizeConfig.from(standIn);
    }
    if (steps.contains("export")) {
      ExportConfig.from(standIn);
    }
  }

  /**
   * The steps a run goes through, up to {@code until} (null: all): {@link #STEPS} without distill
   * when {@code lepton.pipeline.distill = off}, without quantize when it is {@code
   * instead-of-quantize}. ConfigException when {@code until} names a step the config leaves out.
   */
  public static List<String> steps(LeptonConfig config, String until) {
    checkStep(until);
    String distill = distillMode(config);
    List<String> steps =
        STEPS.stream()
            .filter(s -> !(s.equals("distill") && distill.equals("off")))
            .filter(s -> !(s.equals("quantize") && distill.equals("instead-of-quantize")))
            .toList();
    if (until == null) {
      return steps;
    }
    if (!steps.contains(until)) {
      throw new ai.lepton.config.ConfigException(
          "--until "
              + until
              + " names a step this pipeline does not run: lepton.pipeline.distill = "
              + distill
              + " runs "
              + steps
              + ". Pick one of those steps or change lepton.pipeline.distill.");
    }
    return steps.subList(0, steps.indexOf(until) + 1);
  }

  /** {@code lepton.pipeline.distill}, checked. */
  static String distillMode(LeptonConfig config) {
    String key = "lepton.pipeline.distill";
    String mode = config.raw().hasPath(key) ? config.raw().getString(key).trim() : "off";
    if (!DISTILL.contains(mode)) {
      throw new ai.lepton.config.ConfigException(
          key + " must be one of " + DISTILL + ", got '" + mode + "'.");
    }
    return mode;
  }

  /** {@code lepton.pipeline.retrain}, checked. */
  static String retrainMode(LeptonConfig config) {
    String key = "lepton.pipeline.retrain";
    String mode = config.raw().hasPath(key) ? config.raw().getString(key).trim() : "always";
    if (!RETRAIN.contains(mode)) {
      throw new ai.lepton.config.ConfigException(
          key + " must be one of " + RETRAIN + ", got '" + mode + "'.");
    }
    return mode;
  }

  /** Runs the steps in order and returns what each did. */
  public PipelineResult execute() {
    check(config, until);
    Instant started = Instant.now();
    String runId = RunId.next(started);
    List<Object> steps = new ArrayList<>();
    List<String> artifacts = new ArrayList<>();
    PipelineResult result;
    try {
      result = run(runId, started, steps, artifacts);
    } catch (PipelineStepException e) {
      record(runId, started, "failed", artifacts, e.getMessage());
      throw e;
    }
    record(
        runId,
        started,
        result.status().word(),
        artifacts,
        result.succeeded() ? null : result.failedStep() + ": " + result.reason());
    return result;
  }

  private PipelineResult run(
      String runId, Instant started, List<Object> steps, List<String> artifacts) {
    ReconcileResult reconciled =
        step("reconcile", () -> new ReconcileAction(spark, config).progress(progress).execute());
    steps.add(reconciled);
    artifacts.add(reconciled.golden().uri());
    if (!reconciled.succeeded()) {
      return stopped(
          runId,
          started,
          steps,
          "reconcile",
          String.format(
              "%.4f of keys conflict, above lepton.reconcile.max-conflict-ratio = %s",
              reconciled.gate().conflictRatio(), reconciled.gate().maxConflictRatio()));
    }

    if ("reconcile".equals(until)) {
      return done(runId, started, steps);
    }
    retrain = decide(reconciled, steps);
    progress.say((retrain.retrained() ? "retraining: " : "not retraining: ") + retrain.reason());
    if ("monitor".equals(until) || !retrain.retrained()) {
      return done(runId, started, steps);
    }
    Map<String, Object> trainKeys = new LinkedHashMap<>();
    if (blank("lepton.train.input.table")) {
      trainKeys.put("lepton.train.input.table", reconciled.golden().uri());
      trainKeys.put("lepton.train.input.version", reconciled.golden().version());
    }
    LeptonConfig trainConfig = with(config, trainKeys);
    TrainResult trained =
        step("train", () -> new TrainAction(spark, trainConfig).progress(progress).execute());
    steps.add(trained);
    artifacts.add(trained.model().uri());

    if ("train".equals(until)) {
      return done(runId, started, steps);
    }
    String mode = distillMode(config);
    String model = trained.model().uri();
    if (!mode.equals("off")) {
      LeptonConfig distillConfig =
          blank("lepton.distill.teacher")
              ? with(config, Map.of("lepton.distill.teacher", model))
              : config;
      DistillResult distilled =
          step(
              "distill",
              () ->
                  new DistillAction(spark, distillConfig)
                      .force(force)
                      .progress(progress)
                      .execute());
      steps.add(distilled);
      artifacts.add(distilled.model().uri());
      if (!distilled.succeeded() && !force) {
        return stopped(
            runId,
            started,
            steps,
            "distill",
            "the distill gate failed: "
                + String.join("; ", distilled.gate().failures())
                + " (the student is marked not exportable; --force goes on anyway)");
      }
      model = distilled.model().uri();
      if ("distill".equals(until)) {
        return done(runId, started, steps);
      }
    }
    if (!mode.equals("instead-of-quantize")) {
      String source = model;
      LeptonConfig quantizeConfig =
          blank("lepton.quantize.model")
              ? with(config, Map.of("lepton.quantize.model", source))
              : config;
      QuantizeResult quantized =
          step(
              "quantize",
              () ->
                  new QuantizeAction(spark, quantizeConfig)
                      .force(force)
                      .progress(progress)
                      .execute());
      steps.add(quantized);
      artifacts.add(quantized.model().uri());
      if (!quantized.succeeded() && !force) {
        return stopped(
            runId,
            started,
            steps,
            "quantize",
            "the verification gate failed: "
                + String.join("; ", quantized.gate().failures())
                + " (the int8 model is marked not exportable; --force exports it anyway)");
      }
      model = quantized.model().uri();
      if ("quantize".equals(until)) {
        return done(runId, started, steps);
      }
    }
    LeptonConfig exportConfig =
        blank("lepton.export.model") ? with(config, Map.of("lepton.export.model", model)) : config;
    ExportResult exported =
        step(
            "export",
            () ->
                new ExportAction(exportConfig)
                    .force(force)
                    .log(progress::say)
                    .runs(RunsTable.at(spark, config))
                    .execute());
    steps.add(exported);
    exported.targets().forEach(t -> artifacts.add(t.uri()));
    if (!exported.succeeded()) {
      return stopped(runId, started, steps, "export", exported.message());
    }
    return done(runId, started, steps);
  }

  /**
   * Whether train, quantize and export run, by {@code lepton.pipeline.retrain}: {@code always};
   * {@code never}; {@code on-drift} when the monitor step finds drift between the last trained
   * model's rows and the golden version reconcile wrote, or no model was trained yet. The monitor
   * step runs (and its result joins the steps) unless the mode is {@code always}.
   */
  private PipelineResult.Retrain decide(ReconcileResult reconciled, List<Object> steps) {
    String mode = retrainMode(config);
    if (mode.equals("always")) {
      return new PipelineResult.Retrain(
          mode, true, "lepton.pipeline.retrain = always (the monitor step is skipped)");
    }
    Map<String, Object> keys = new LinkedHashMap<>();
    if (blank("lepton.monitor.table")) {
      keys.put("lepton.monitor.table", reconciled.golden().uri());
      keys.put("lepton.monitor.version", reconciled.golden().version());
    }
    LeptonConfig monitorConfig = with(config, keys);
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
        step("monitor", () -> new MonitorAction(spark, monitorConfig).progress(progress).execute());
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

  private PipelineResult done(String runId, Instant started, List<Object> steps) {
    return new PipelineResult(
        "pipeline",
        JobResult.Status.SUCCEEDED,
        runId,
        started,
        elapsed(started),
        null,
        null,
        steps,
        retrain);
  }

  private <T> T step(String name, Supplier<T> work) {
    progress.say("step " + name);
    try {
      return work.get();
    } catch (PipelineStepException e) {
      throw e;
    } catch (RuntimeException e) {
      progress.say("step " + name + " failed: " + Redactor.redactMessage(e.getMessage()));
      throw new PipelineStepException(name, e);
    }
  }

  private PipelineResult stopped(
      String runId, Instant started, List<Object> steps, String step, String reason) {
    progress.say("stopped at " + step + ": " + reason);
    return new PipelineResult(
        "pipeline",
        JobResult.Status.FAILED,
        runId,
        started,
        elapsed(started),
        step,
        reason,
        steps,
        retrain);
  }

  private void record(
      String runId, Instant started, String status, List<String> artifacts, String error) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("steps", String.join(",", steps(config, until)));
    params.put("force", String.valueOf(force));
    if (retrain != null) {
      params.put("retrain", retrain.mode());
      params.put("retrained", String.valueOf(retrain.retrained()));
      params.put("retrain.reason", retrain.reason());
    }
    RunsTable.at(spark, config)
        .recordOrSay(
            new RunRecord(
                runId,
                "pipeline",
                status,
                started,
                Instant.now(),
                params,
                Map.of(),
                Map.of(),
                artifacts,
                error == null ? null : Redactor.redactMessage(error)),
            progress::say);
  }

  private boolean blank(String key) {
    return !config.raw().hasPath(key) || config.raw().getString(key).isBlank();
  }

  private static LeptonConfig with(LeptonConfig config, Map<String, ?> values) {
    if (values.isEmpty()) {
      return config;
    }
    return LeptonConfig.of(ConfigFactory.parseMap(values).withFallback(config.raw()));
  }

  private static long elapsed(Instant started) {
    return Duration.between(started, Instant.now()).toMillis();
  }
}
