package ai.lepton.distill;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.internal.LocalFiles;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.quantize.EncodedRow;
import ai.lepton.quantize.ModelStaging;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
import ai.lepton.train.LeptonModel;
import ai.lepton.train.LeptonModelTransformer;
import ai.lepton.train.ModelLoaders;
import ai.lepton.train.SparkMlFiles;
import ai.lepton.train.djl.CheckpointFolder;
import ai.lepton.train.djl.DataParallelMlp;
import ai.lepton.train.djl.DjlMlpFiles;
import ai.lepton.train.djl.DjlRuntime;
import ai.lepton.train.djl.MlpSpec;
import ai.lepton.train.djl.MlpTrainingResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Distills a trained model (the teacher: any model lepton train wrote, e.g. XGBoost, MLlib GBT or
 * random forest, a large djl.mlp) into a small {@code djl.mlp} student: the teacher scores the
 * training split on the executors, the student trains data-parallel on barrier tasks ({@link
 * DataParallelMlp}, checkpointed each round, so {@link #resume} continues a killed run) on soft
 * targets ({@link SoftTargets}), then the gate scores both on the test split and the student's
 * model directory is published, its manifest naming the teacher. Build with {@code
 * Lepton.with(spark).distill(config)}, then {@link #execute()}.
 *
 * <p>What it touches besides its outputs: the session's Hadoop configuration gets the settings of
 * {@code lepton.stores}; the SQL configuration is left as it was, and what it caches is released
 * when it returns.
 */
public final class DistillAction extends JobAction<DistillAction> {

  private boolean force;
  private String resumeRunId;
  private IntConsumer afterCheckpoint = round -> {};

  /** A distillation as configured in {@code lepton.distill}. */
  public DistillAction(SparkSession spark, LeptonConfig config) {
    super("distill", spark, config);
  }

  /** Keep the student exportable even when the gate fails (recorded as {@code gate.forced}). */
  public DistillAction force(boolean force) {
    this.force = force;
    return this;
  }

  /** Continue run {@code runId} from the student's last checkpoint. */
  public DistillAction resume(String runId) {
    this.resumeRunId = runId;
    return this;
  }

  /** Told each student round's number once its checkpoint is written. */
  DistillAction afterCheckpoint(IntConsumer afterCheckpoint) {
    this.afterCheckpoint = afterCheckpoint;
    return this;
  }

  /** Runs the distillation and the gate; the run is recorded in the runs table. */
  public DistillResult execute() {
    DistillConfig cfg = DistillConfig.from(config);
    JobRun job = startRun().resuming(resumeRunId);
    String runId = job.id();
    progress.say(
        "run " + runId + ": distilling " + cfg.teacher() + " (resume with --resume " + runId + ")");
    return job.execute(
        () -> run(cfg, runId, job.started()),
        (result, error) ->
            result != null
                ? result.runRecord(job, cfg)
                : job.failed(Map.of("teacher", cfg.teacher()), error));
  }

  private DistillResult run(DistillConfig cfg, String runId, Instant started) {
    Path work = ModelStaging.tempDir("lepton-distill-");
    try (ObjectStores stores = ObjectStores.from(config)) {
      Path teacherDir = work.resolve("teacher");
      String teacherUri = ModelDirectory.resolve(cfg.teacher(), stores);
      ModelManifest teacher =
          progress.step(
              "fetching the teacher " + teacherUri,
              () -> ModelDirectory.fetch(teacherUri, stores, teacherDir),
              m -> m.format().id() + " " + m.algorithm());
      FeatureSignature sig = TeacherData.checkTeacher(teacher, cfg);
      Dataset<Row> data = TeacherData.read(spark, cfg, teacher);
      SplitRule split = SplitRule.of(teacher, cfg.split());
      MlpSpec spec = cfg.student().spec(sig.task());
      DjlRuntime.configure(Settings.at(config.raw(), "lepton").string("train.djl.cache-dir"));
      Dataset<Row> soft =
          SoftTargets.of(
              split.select(data, sig.key(), "train"),
              new LeptonModelTransformer(
                  teacher,
                  ModelLoaders.forModel(teacher, teacherDir, teacherUri),
                  LeptonModel.BATCH_SIZE),
              sig,
              cfg.temperature(),
              cfg.teacherWeight());
      String checkpoints = checkpointUri(cfg, runId);
      MlpTrainingResult trained =
          progress.step(
              "training the student " + spec.hidden() + " on the teacher's soft targets",
              () ->
                  DataParallelMlp.train(
                      soft,
                      spec,
                      sig.encodedSize(),
                      1,
                      checkpoints,
                      resumeRunId != null,
                      progress,
                      afterCheckpoint),
              r -> String.format(Locale.ROOT, "final loss %.5f", r.finalLoss()));
      Path staging = work.resolve("staging");
      DjlMlpFiles.write(trained.network(), staging.resolve("model"));
      ModelManifest draft =
          ModelDirectory.seal(
              staging,
              StudentManifest.of(
                  cfg, teacher, teacherUri, spec, split, runId, started, null, Map.of(), true));
      JavaRDD<EncodedRow> test = EncodedRow.encode(split.select(data, sig.key(), "test"), sig);
      TeacherStudentScoring.Figures f =
          progress.step(
              "scoring the test split with teacher and student",
              () ->
                  TeacherStudentScoring.run(
                      test,
                      ModelLoaders.forModel(teacher, teacherDir, teacherUri),
                      ModelLoaders.forDirectory(draft, staging),
                      OnnxPredictor.broadcast(
                          spark, OnnxWriter.write(trained.network(), sig, draft.name())),
                      sig.task(),
                      cfg.batchRows(),
                      cfg.gate().timingMs()),
              x -> x.rows() + " rows");
      DistillGate gate =
          new DistillGate(
              cfg.gate(),
              sig.task(),
              StudentManifest.modelBytes(teacher),
              StudentManifest.modelBytes(draft),
              f);
      boolean exportable = gate.passed() || force;
      ModelManifest out =
          StudentManifest.of(
              cfg,
              teacher,
              teacherUri,
              spec,
              split,
              runId,
              started,
              gate.manifestGate(force),
              Map.of("test", Map.of(gate.metricName(), f.studentMetric())),
              exportable);
      ModelDirectory.seal(staging, out);
      ModelStaging.publish(staging, out, cfg.output(), stores);
      CheckpointFolder.delete(
          checkpoints, spark.sparkContext().hadoopConfiguration(), progress::say);
      return new DistillResult(
          "distill",
          gate.passed() ? JobResult.Status.SUCCEEDED : JobResult.Status.FAILED,
          runId,
          new DistillResult.Side(
              cfg.teacher(),
              teacher.algorithm(),
              StudentManifest.modelBytes(teacher),
              f.teacherMetric(),
              f.teacherRowsPerSecondPerCore()),
          new DistillResult.Side(
              cfg.output(),
              "djl.mlp",
              StudentManifest.modelBytes(draft),
              f.studentMetric(),
              f.studentRowsPerSecondPerCore()),
          f.studentOnnxRowsPerSecondPerCore(),
          gate.result(force),
          new DistillResult.Training(
              trained.rounds().size(),
              trained.resumedFromRound(),
              trained.finalLoss(),
              cfg.temperature(),
              cfg.teacherWeight(),
              spec.hidden(),
              spec.workers()),
          new DistillResult.Model(cfg.output(), exportable),
          f.rows(),
          System.currentTimeMillis() - started.toEpochMilli());
    } finally {
      LocalFiles.deleteScratch(work);
    }
  }

  /**
   * Where a run's checkpoints live: {@code <output>-checkpoints/<runId>}, on the student's store
   * beside (not inside) its model directory, so that a driver on another machine can resume.
   */
  static String checkpointUri(DistillConfig cfg, String runId) {
    String out =
        cfg.output().endsWith("/")
            ? cfg.output().substring(0, cfg.output().length() - 1)
            : cfg.output();
    return SparkMlFiles.sparkUri(ModelDirectory.child(out + "-checkpoints", runId));
  }
}
