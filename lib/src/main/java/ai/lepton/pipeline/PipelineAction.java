package ai.lepton.pipeline;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.distill.DistillAction;
import ai.lepton.distill.DistillResult;
import ai.lepton.errors.Failures;
import ai.lepton.export.ExportAction;
import ai.lepton.export.ExportResult;
import ai.lepton.quantize.QuantizeAction;
import ai.lepton.quantize.QuantizeResult;
import ai.lepton.reconcile.ReconcileAction;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import ai.lepton.train.TrainAction;
import ai.lepton.train.TrainResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public final class PipelineAction extends JobAction<PipelineAction> {

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

  private boolean force;
  private String until;
  private PipelineResult.Retrain retrain;

  /** A pipeline as configured in {@code lepton.pipeline}. */
  public PipelineAction(SparkSession spark, LeptonConfig config) {
    super("pipeline", spark, config);
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
    PipelinePlan.check(config, until);
  }

  /**
   * The steps a run goes through, up to {@code until} (null: all): {@link #STEPS} without distill
   * when {@code lepton.pipeline.distill = off}, without quantize when it is {@code
   * instead-of-quantize}. ConfigException when {@code until} names a step the config leaves out.
   */
  public static List<String> steps(LeptonConfig config, String until) {
    return PipelinePlan.steps(config, until);
  }

  /** Runs the steps in order and returns what each did. */
  public PipelineResult execute() {
    check(config, until);
    JobRun job = startRun();
    List<JobResult> steps = new ArrayList<>();
    List<String> artifacts = new ArrayList<>();
    return job.execute(
        () -> run(job, steps, artifacts),
        (result, error) ->
            record(
                job,
                result != null ? result.status() : JobResult.Status.FAILED,
                artifacts,
                error != null
                    ? Failures.describe(error)
                    : result.succeeded() ? null : result.failedStep() + ": " + result.reason()));
  }

  private PipelineResult run(JobRun job, List<JobResult> steps, List<String> artifacts) {
    ReconcileResult reconciled =
        PipelineStepException.run(
            progress,
            "reconcile",
            () -> new ReconcileAction(spark, config).progress(progress).execute());
    steps.add(reconciled);
    artifacts.add(reconciled.golden().uri());
    if (!reconciled.succeeded()) {
      return stopped(
          job,
          steps,
          "reconcile",
          String.format(
              "%.4f of keys conflict, above lepton.reconcile.max-conflict-ratio = %s",
              reconciled.gate().conflictRatio(), reconciled.gate().maxConflictRatio()));
    }

    if ("reconcile".equals(until)) {
      return done(job, steps);
    }
    retrain = new RetrainDecision(spark, config, progress).decide(reconciled, steps);
    progress.say((retrain.retrained() ? "retraining: " : "not retraining: ") + retrain.reason());
    if ("monitor".equals(until) || !retrain.retrained()) {
      return done(job, steps);
    }
    Map<String, Object> trainKeys = new LinkedHashMap<>();
    if (PipelinePlan.blank(config, "lepton.train.input.table")) {
      trainKeys.put("lepton.train.input.table", reconciled.golden().uri());
      trainKeys.put("lepton.train.input.version", reconciled.golden().version());
    }
    LeptonConfig trainConfig = PipelinePlan.with(config, trainKeys);
    TrainResult trained =
        PipelineStepException.run(
            progress,
            "train",
            () -> new TrainAction(spark, trainConfig).progress(progress).execute());
    steps.add(trained);
    artifacts.add(trained.model().uri());

    if ("train".equals(until)) {
      return done(job, steps);
    }
    String mode = PipelinePlan.distillMode(config);
    String model = trained.model().uri();
    if (!mode.equals("off")) {
      LeptonConfig distillConfig =
          PipelinePlan.blank(config, "lepton.distill.teacher")
              ? PipelinePlan.with(config, Map.of("lepton.distill.teacher", model))
              : config;
      DistillResult distilled =
          PipelineStepException.run(
              progress,
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
            job,
            steps,
            "distill",
            "the distill gate failed: "
                + String.join("; ", distilled.gate().failures())
                + " (the student is marked not exportable; --force goes on anyway)");
      }
      model = distilled.model().uri();
      if ("distill".equals(until)) {
        return done(job, steps);
      }
    }
    if (!mode.equals("instead-of-quantize")) {
      String source = model;
      LeptonConfig quantizeConfig =
          PipelinePlan.blank(config, "lepton.quantize.model")
              ? PipelinePlan.with(config, Map.of("lepton.quantize.model", source))
              : config;
      QuantizeResult quantized =
          PipelineStepException.run(
              progress,
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
            job,
            steps,
            "quantize",
            "the verification gate failed: "
                + String.join("; ", quantized.gate().failures())
                + " (the int8 model is marked not exportable; --force exports it anyway)");
      }
      model = quantized.model().uri();
      if ("quantize".equals(until)) {
        return done(job, steps);
      }
    }
    LeptonConfig exportConfig =
        PipelinePlan.blank(config, "lepton.export.model")
            ? PipelinePlan.with(config, Map.of("lepton.export.model", model))
            : config;
    ExportResult exported =
        PipelineStepException.run(
            progress,
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
      return stopped(job, steps, "export", exported.message());
    }
    return done(job, steps);
  }

  private PipelineResult done(JobRun job, List<JobResult> steps) {
    return new PipelineResult(
        "pipeline",
        JobResult.Status.SUCCEEDED,
        job.id(),
        job.started(),
        job.elapsedMs(),
        null,
        null,
        steps,
        retrain);
  }

  private PipelineResult stopped(JobRun job, List<JobResult> steps, String step, String reason) {
    progress.say("stopped at " + step + ": " + reason);
    return new PipelineResult(
        "pipeline",
        JobResult.Status.FAILED,
        job.id(),
        job.started(),
        job.elapsedMs(),
        step,
        reason,
        steps,
        retrain);
  }

  private RunRecord record(
      JobRun job, JobResult.Status status, List<String> artifacts, String error) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("steps", String.join(",", steps(config, until)));
    params.put("force", String.valueOf(force));
    if (retrain != null) {
      params.put("retrain", retrain.mode());
      params.put("retrained", String.valueOf(retrain.retrained()));
      params.put("retrain.reason", retrain.reason());
    }
    return job.row(status, params, Map.of(), Map.of(), artifacts, error);
  }
}
