package ai.lepton.train;

import ai.lepton.JobResult;
import ai.lepton.LeptonVersion;
import ai.lepton.config.LeptonConfig;
import ai.lepton.errors.Failures;
import ai.lepton.internal.LocalFiles;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.spark.DurablePaths;
import ai.lepton.storage.HadoopStoreConf;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import ai.lepton.track.RunsTable;
import ai.lepton.train.djl.CheckpointFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a model on a pinned version of a Delta table, evaluates it on the validation and test
 * splits, publishes the model directory to {@code lepton.train.model.uri/<runId>} and records the
 * run in the runs table. Build with {@code Lepton.with(spark).train(config)}, then {@link
 * #execute()}.
 *
 * <p>What it touches besides its outputs: the session's Hadoop configuration gets the settings of
 * {@code lepton.stores} ({@link HadoopStoreConf}); the SQL configuration is left as it was. On the
 * model's store it uses {@code <model.uri>/_staging/<runId>} (Spark ML, removed once copied) and
 * {@code <model.uri>/_checkpoints/<runId>} (djl.mlp, removed once the model is published); its
 * driver temp folder ({@code lepton-train-*}) is removed after success and failure. Under a
 * non-local master a model location or runs table on the driver's disk is refused before work.
 */
public final class TrainAction extends JobAction<TrainAction> {

  private String resumeRunId;

  /** An action over {@code config}'s {@code lepton.train} settings. */
  public TrainAction(SparkSession spark, LeptonConfig config) {
    super("train", spark, config);
  }

  /** Continue run {@code runId} from its last checkpoint (trainers that checkpoint: djl.mlp). */
  public TrainAction resume(String runId) {
    this.resumeRunId = runId;
    return this;
  }

  /** Runs the training and returns its result; a failure is recorded in the runs table too. */
  public TrainResult execute() {
    TrainConfig tc = TrainConfig.from(config);
    DurablePaths.require(
        spark, "lepton.train.model.uri", tc.modelUri(), "s3a://my-bucket/lepton/models");
    JobRun job = startRun().resuming(resumeRunId);
    if (resumeRunId != null && tc.algorithm().equals("djl.mlp")) {
      long current = tc.version() >= 0 ? tc.version() : TrainInput.versions(spark, tc.table())[1];
      InputPin.requireSame(
          checkpointUri(tc, resumeRunId),
          resumeRunId,
          tc.table(),
          current,
          spark.sparkContext().hadoopConfiguration());
      ai.lepton.train.djl.DataParallelMlp.requireCheckpoint(
          checkpointUri(tc, resumeRunId), spark.sparkContext().hadoopConfiguration());
    }
    String runId = job.id();
    progress.say("run " + runId + ": " + tc.algorithm() + " on " + tc.table());
    return job.execute(
        () -> run(tc, runId, job.started()), (result, error) -> record(job, tc, result, error));
  }

  private TrainResult run(TrainConfig tc, String runId, Instant started) {
    Trainer trainer = Trainers.forAlgorithm(tc.algorithm());
    if (tc.algorithm().equals("xgboost") && "cuda".equals(tc.params().get("device"))) {
      GpuResources.require(spark, "lepton.train.xgboost.device");
    }
    TrainInput input =
        progress.step(
            "reading " + tc.table() + (tc.version() < 0 ? " (latest)" : " @ " + tc.version()),
            () -> TrainInput.read(spark, tc.table(), tc.version()),
            in -> "version " + in.version());
    TrainingSet set =
        progress.step(
            "preparing features and splits",
            () -> FeaturePrep.prepare(input.rows(), tc),
            s ->
                String.format(
                    Locale.ROOT,
                    "train %,d / validation %,d / test %,d rows, %d features; dropped %,d null"
                        + " label, %,d null feature, %,d unseen class",
                    s.counts().train(),
                    s.counts().validation(),
                    s.counts().test(),
                    s.signature().encodedSize(),
                    s.counts().droppedNullLabel(),
                    s.counts().droppedNullFeature(),
                    s.counts().droppedUnknownClass()));
    Path staging = null;
    try {
      staging = Files.createTempDirectory("lepton-train-" + runId + "-");
      String checkpoints = checkpointUri(tc, runId);
      if (resumeRunId == null && tc.algorithm().equals("djl.mlp")) {
        InputPin.write(
            checkpoints, tc.table(), input.version(), spark.sparkContext().hadoopConfiguration());
      }
      String stagingUri = ModelDirectory.child(tc.modelUri(), "_staging/" + runId);
      TrainContext context =
          new TrainContext(
              spark, tc, runId, checkpoints, stagingUri, resumeRunId != null, progress);
      long t0 = System.nanoTime();
      TrainedModel trained =
          progress.step("training " + tc.algorithm(), () -> trainer.fit(set, context), m -> "");
      long trainingMs = (System.nanoTime() - t0) / 1_000_000;
      trained.write(staging);
      ModelManifest draft = manifest(tc, runId, started, input, set, trained, Map.of());
      ModelManifest sealedDraft = ModelDirectory.seal(staging, draft);
      ModelLoader inMemory = trained.inMemory(ModelLoaders.id(sealedDraft));
      LeptonModelTransformer scorer =
          inMemory != null
              ? new LeptonModelTransformer(sealedDraft, inMemory, LeptonModel.BATCH_SIZE)
              : LeptonModel.fromLocal(sealedDraft, staging);
      Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
      progress.step(
          "evaluating on validation and test",
          () -> {
            metrics.put("validation", evaluate(scorer, set.validation(), tc));
            metrics.put("test", evaluate(scorer, set.test(), tc));
          });
      ModelManifest sealed =
          ModelDirectory.seal(staging, manifest(tc, runId, started, input, set, trained, metrics));
      String uri = ModelDirectory.child(tc.modelUri(), runId);
      Path published = staging;
      try (ObjectStores stores = ObjectStores.from(config)) {
        progress.step(
            "publishing the model to " + uri,
            () -> ModelDirectory.publish(published, uri, stores),
            m -> m.files().size() + " files");
        ModelDirectory.pointLatest(tc.modelUri(), runId, stores);
      }
      CheckpointFolder.delete(
          checkpoints, spark.sparkContext().hadoopConfiguration(), progress::say);
      long durationMs = System.currentTimeMillis() - started.toEpochMilli();
      return new TrainResult(
          "train",
          JobResult.Status.SUCCEEDED,
          runId,
          started,
          durationMs,
          tc.algorithm(),
          new TrainResult.Input(tc.table(), input.version()),
          metrics,
          set.counts(),
          trainingMs,
          trainingMs == 0 ? 0 : set.counts().train() * 1000.0 / trainingMs,
          new TrainResult.Model(
              uri, tc.modelName(), trained.format().id(), ModelLoaders.id(sealed)));
    } catch (IOException e) {
      throw TrainErrors.modelFile("stage the trained model", e, TrainErrors.CHECK_STAGING);
    } finally {
      FeaturePrep.release(set);
      LocalFiles.deleteScratch(staging);
    }
  }

  private Map<String, Double> evaluate(
      LeptonModelTransformer scorer, Dataset<Row> split, TrainConfig tc) {
    return Metrics.of(scorer.transform(split), tc.features().task());
  }

  private ModelManifest manifest(
      TrainConfig tc,
      String runId,
      Instant started,
      TrainInput input,
      TrainingSet set,
      TrainedModel trained,
      Map<String, Map<String, Double>> metrics) {
    Map<String, Object> params = new LinkedHashMap<>(tc.params());
    params.put("split.validation", tc.split().validation());
    params.put("split.test", tc.split().test());
    params.put("split.seed", tc.split().seed());
    if (!tc.features().positiveClass().isEmpty()) {
      params.put("positive-class", tc.features().positiveClass());
    }
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        tc.modelName(),
        tc.algorithm(),
        trained.format(),
        set.signature(),
        params,
        metrics,
        new ModelManifest.InputTable(tc.table(), input.version()),
        runId,
        started.toString(),
        LeptonVersion.lepton(),
        Map.of(),
        Map.of("trainRunId", runId),
        null,
        null,
        true);
  }

  /**
   * Where a run's checkpoints live: {@code <model.uri>/_checkpoints/<runId>}, on the model's store
   * (beside the published models, not inside one), so that a driver on another machine can resume.
   */
  static String checkpointUri(TrainConfig tc, String runId) {
    return SparkMlFiles.sparkUri(ModelDirectory.child(tc.modelUri(), "_checkpoints/" + runId));
  }

  private static RunRecord record(
      JobRun job, TrainConfig tc, TrainResult result, RuntimeException error) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, Long> inputs = new LinkedHashMap<>();
    List<String> artifacts = List.of();
    if (result != null) {
      result.metrics().forEach((split, m) -> RunsTable.putAll(metrics, split + ".", m));
      metrics.put("rows.train", (double) result.rows().train());
      metrics.put("rows.validation", (double) result.rows().validation());
      metrics.put("rows.test", (double) result.rows().test());
      metrics.put("trainingMs", (double) result.trainingMs());
      metrics.put("rowsPerSecond", result.rowsPerSecond());
      inputs.put(result.input().table(), result.input().version());
      artifacts = List.of(result.model().uri());
    }
    return job.row(
        result != null ? result.status() : JobResult.Status.FAILED,
        tc.paramStrings(),
        metrics,
        inputs,
        artifacts,
        error == null ? null : Failures.describe(error));
  }
}
