package ai.lepton.distill;

import ai.lepton.JobResult;
import ai.lepton.LeptonVersion;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.errors.Failures;
import ai.lepton.internal.LocalFiles;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.quantize.EncodedRow;
import ai.lepton.quantize.ModelStaging;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import ai.lepton.train.LeptonModel;
import ai.lepton.train.LeptonModelTransformer;
import ai.lepton.train.ModelLoaders;
import ai.lepton.train.SparkMlFiles;
import ai.lepton.train.djl.DataParallelMlp;
import ai.lepton.train.djl.DjlMlpFiles;
import ai.lepton.train.djl.DjlRuntime;
import ai.lepton.train.djl.MlpSpec;
import ai.lepton.train.djl.MlpTrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
public final class DistillAction {

  private final SparkSession spark;
  private final LeptonConfig config;
  private boolean force;
  private Progress progress;
  private String resumeRunId;
  private IntConsumer afterCheckpoint = round -> {};

  /** A distillation as configured in {@code lepton.distill}. */
  public DistillAction(SparkSession spark, LeptonConfig config) {
    this.spark = spark;
    this.config = config;
    this.progress = Progress.silent("distill", spark);
  }

  /** Keep the student exportable even when the gate fails (recorded as {@code gate.forced}). */
  public DistillAction force(boolean force) {
    this.force = force;
    return this;
  }

  /** Where progress lines go. */
  public DistillAction progress(Progress progress) {
    this.progress = progress;
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
    JobRun job = JobRun.start("distill", spark, config).resuming(resumeRunId).saying(progress::say);
    String runId = job.id();
    progress.say(
        "run " + runId + ": distilling " + cfg.teacher() + " (resume with --resume " + runId + ")");
    return job.execute(
        () -> run(cfg, runId, job.started()),
        (result, error) ->
            result != null
                ? record(job, result, cfg)
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
      FeatureSignature sig = checkTeacher(teacher, cfg);
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
              manifest(
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
          new DistillGate(cfg.gate(), sig.task(), modelBytes(teacher), modelBytes(draft), f);
      boolean exportable = gate.passed() || force;
      ModelManifest out =
          manifest(
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
      deleteCheckpoints(checkpoints);
      return new DistillResult(
          "distill",
          gate.passed() ? JobResult.Status.SUCCEEDED : JobResult.Status.FAILED,
          runId,
          new DistillResult.Side(
              cfg.teacher(),
              teacher.algorithm(),
              modelBytes(teacher),
              f.teacherMetric(),
              f.teacherRowsPerSecondPerCore()),
          new DistillResult.Side(
              cfg.output(),
              "djl.mlp",
              modelBytes(draft),
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

  private static FeatureSignature checkTeacher(ModelManifest teacher, DistillConfig cfg) {
    FeatureSignature sig = teacher.features();
    if (sig == null) {
      throw new DistillException(
          "The teacher at "
              + cfg.teacher()
              + " has no feature signature in its lepton-model.json. Point lepton.distill.teacher"
              + " at a model lepton train wrote.");
    }
    if (teacher.format() == ModelFormat.ONNX) {
      throw new DistillException(
          "The teacher at "
              + cfg.teacher()
              + " is an ONNX model written by lepton quantize. Point lepton.distill.teacher at the"
              + " model it came from (lineage.sourceModel in its lepton-model.json).");
    }
    if (sig.task().equals("multiclass")) {
      throw new DistillException(
          "The teacher at "
              + cfg.teacher()
              + " is a multiclass model; lepton distill supports binary and regression teachers"
              + " (the student's trainer takes one soft target per row). Distill a binary or"
              + " regression model.");
    }
    return sig;
  }

  /** Bytes of a model directory's files under {@code model/}: what scoring loads. */
  static long modelBytes(ModelManifest m) {
    return m.files().entrySet().stream()
        .filter(e -> e.getKey().startsWith("model/"))
        .mapToLong(e -> e.getValue().size())
        .sum();
  }

  private ModelManifest manifest(
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

  /** Once the student is published, its checkpoints are no longer needed. */
  private void deleteCheckpoints(String uri) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    try {
      path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      progress.say("could not delete the checkpoints at " + uri + ": " + Failures.describe(e));
    }
  }

  private static RunRecord record(JobRun job, DistillResult r, DistillConfig cfg) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("gate.agreement", r.gate().agreement());
    metrics.put("gate.metricDrop", r.gate().metricDrop());
    metrics.put("gate.sizeRatio", r.gate().sizeRatio());
    metrics.put("gate.speedRatio", r.gate().speedRatio());
    metrics.put("teacher." + r.gate().metric(), r.teacher().metric());
    metrics.put("student." + r.gate().metric(), r.student().metric());
    metrics.put("rows.test", (double) r.testRows());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("teacher", cfg.teacher());
    params.put("student.hidden", String.valueOf(cfg.student().hidden()));
    params.put("temperature", String.valueOf(cfg.temperature()));
    params.put("teacher-weight", String.valueOf(cfg.teacherWeight()));
    return job.row(r.status(), params, metrics, Map.of(), List.of(r.model().uri()), null);
  }
}
