package ai.lepton.quantize;

import ai.lepton.config.LeptonConfig;
import ai.lepton.internal.LocalFiles;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Quantizes a trained model to int8 and proves it on the test split before it may be exported:
 * reads the source model directory, calibrates activation ranges on a sample of the training split,
 * builds each configured ONNX form, scores the test split with fp32 and every form on Spark, picks
 * a form, applies the gate, and publishes the model directory (model first, manifest last). Build
 * with {@code Lepton.with(spark).quantize(config)}, then {@link #execute()}.
 *
 * <p>What it touches besides its outputs: the session's Hadoop configuration gets the settings of
 * {@code lepton.stores}, as every job's run does ({@link ai.lepton.track.JobRun#start}), so that
 * the training table and the runs table can be read on s3a:// or wasbs://; model files go through
 * the stores' own clients. It sets no SQL setting, and what it caches is released when it returns.
 */
public final class QuantizeAction extends JobAction<QuantizeAction> {

  /** The fp32 ONNX model the gate measured the int8 form against, kept beside it for export. */
  public static final String FP32_FILE = "model/model-fp32.onnx";

  /** Largest difference allowed between the fp32 ONNX model and the source network's outputs. */
  public static final double FP32_TOLERANCE = 1e-4;

  private boolean force;

  /** A quantization as configured in {@code lepton.quantize}. */
  public QuantizeAction(SparkSession spark, LeptonConfig config) {
    super("quantize", spark, config);
  }

  /** Keep the model exportable even when the gate fails (recorded as {@code gate.forced}). */
  public QuantizeAction force(boolean force) {
    this.force = force;
    return this;
  }

  /** Runs the quantization and the gate. */
  public QuantizeResult execute() {
    QuantizeConfig cfg = QuantizeConfig.from(config);
    ai.lepton.spark.DurablePaths.require(
        spark, "lepton.quantize.output", cfg.output(), "s3a://my-bucket/lepton/models/churn-int8");
    JobRun job = startRun();
    return job.execute(
        () -> run(cfg, job.id(), job.started().toEpochMilli()),
        (result, error) ->
            result != null
                ? result.runRecord(job, cfg.model())
                : job.failed(Map.of("model", cfg.model()), error));
  }

  private QuantizeResult run(QuantizeConfig cfg, String runId, long started) {
    ObjectStores stores = ObjectStores.from(config);
    Path work = ModelStaging.tempDir("lepton-quantize-");
    try {
      QuantizeRun run = new QuantizeRun(spark, progress, cfg, stores, work, runId, started, force);
      Path source = work.resolve("source");
      String resolved = ModelDirectory.resolve(cfg.model(), stores);
      ModelManifest manifest =
          progress.step(
              "fetching " + cfg.model(),
              () -> ModelDirectory.fetch(resolved, stores, source),
              m -> m.format().id() + " " + m.algorithm());
      String passReason = SourceModel.passThroughReason(manifest);
      if (passReason != null) {
        return PassThrough.publish(run, manifest, source, passReason);
      }
      return quantize(run, manifest, source, resolved);
    } finally {
      LocalFiles.deleteScratch(work);
    }
  }

  private static QuantizeResult quantize(
      QuantizeRun run, ModelManifest manifest, Path source, String sourceUri) {
    String model = run.cfg().model();
    FeatureSignature sig = manifest.features();
    if (sig == null) {
      throw new QuantizeException(
          "The model at " + model + " has no feature signature in its lepton-model.json.");
    }
    DenseNetwork network = SourceModel.network(manifest, source, sourceUri);
    if (network.inputs() != sig.encodedSize()) {
      throw new QuantizeException(
          "The model at "
              + model
              + " takes "
              + network.inputs()
              + " inputs but its feature signature encodes "
              + sig.encodedSize()
              + ". Train it again.");
    }
    QuantizeData data = QuantizeData.read(run, manifest, sig);
    try {
      String name = manifest.name() == null ? "model" : manifest.name();
      Candidates candidates = Candidates.build(run, name, sig, network, data);
      Verdict verdict = Verdict.judge(run, candidates, data);
      return Int8Publication.publish(run, manifest, candidates, verdict, data.testRows());
    } finally {
      data.unpersist();
    }
  }
}
