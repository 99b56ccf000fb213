package ai.lepton;

import ai.lepton.config.LeptonConfig;
import ai.lepton.export.ExportAction;
import ai.lepton.gpu.GpuCheckAction;
import ai.lepton.monitor.MonitorAction;
import ai.lepton.pipeline.PipelineAction;
import ai.lepton.plan.PlanAction;
import ai.lepton.quantize.QuantizeAction;
import ai.lepton.reconcile.ReconcileAction;
import ai.lepton.reconcile.SyncAction;
import ai.lepton.train.TrainAction;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point to Lepton's jobs as actions: {@code Lepton.with(spark).reconcile(config).execute()}
 * returns an immutable result. The command line, notebooks and tests all call these.
 */
public final class Lepton {

  private final SparkSession spark;

  private Lepton(SparkSession spark) {
    this.spark = spark;
  }

  /** Actions on this session. */
  public static Lepton with(SparkSession spark) {
    return new Lepton(spark);
  }

  /**
   * Plan the cheapest cluster for a job under {@code lepton.plan}'s constraints. Needs no Spark
   * session.
   */
  public static PlanAction plan(LeptonConfig config) {
    return new PlanAction(config);
  }

  /**
   * Package the model of {@code lepton.export.model} for each of {@code lepton.export.targets} and
   * publish it, verified. Needs no Spark session.
   */
  public static ExportAction export(LeptonConfig config) {
    return new ExportAction(config);
  }

  /** Reconcile the sources of {@code lepton.reconcile} into a golden Delta table. */
  public ReconcileAction reconcile(LeptonConfig config) {
    return new ReconcileAction(spark, config);
  }

  /**
   * Check which operators of the configured job's plans would run on GPU under the RAPIDS
   * Accelerator, without a GPU.
   */
  public GpuCheckAction gpuCheck(LeptonConfig config) {
    return new GpuCheckAction(spark, config);
  }

  /**
   * Quantize the model of {@code lepton.quantize.model} to int8 and prove it on the test split with
   * the verification gate.
   */
  public QuantizeAction quantize(LeptonConfig config) {
    return new QuantizeAction(spark, config);
  }

  /** Train a model on a pinned version of {@code lepton.train.input.table}. */
  public TrainAction train(LeptonConfig config) {
    return new TrainAction(spark, config);
  }

  /**
   * Compare the rows the model of {@code lepton.monitor.model} was trained on with a newer version
   * of its table, and append the drift findings to {@code lepton.monitor.drift-table}.
   */
  public MonitorAction monitor(LeptonConfig config) {
    return new MonitorAction(spark, config);
  }

  /**
   * Distill the model of {@code lepton.distill.teacher} into a small {@code djl.mlp} student
   * trained on its soft targets, judged against it by the gate.
   */
  public ai.lepton.distill.DistillAction distill(LeptonConfig config) {
    return new ai.lepton.distill.DistillAction(spark, config);
  }

  /**
   * reconcile → (monitor →) train → (distill →) quantize → export in one run, stopping at the first
   * failed gate.
   */
  public PipelineAction pipeline(LeptonConfig config) {
    return new PipelineAction(spark, config);
  }

  /** Write the golden table back to sources and mirror it to other stores. */
  public SyncAction sync(LeptonConfig config) {
    return new SyncAction(spark, config);
  }
}
