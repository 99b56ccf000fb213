package ai.lepton.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.config.LeptonConfig;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.storage.HadoopStoreConf;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.emulator.Emulators;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TestStores;
import ai.lepton.testing.TrainData;
import ai.lepton.train.LeptonModel;
import ai.lepton.train.LeptonModelTransformer;
import ai.lepton.train.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training and quantization under {@code spark-submit} on the share-nothing cluster ({@link
 * SharedCluster}), with the table, the models and the runs table on S3 (s3proxy): every algorithm
 * trains from the cluster jar, its model is complete on the store and scores here as it scored
 * there; an MLlib and a DJL model are quantized with the gate scored on the executor; nothing
 * durable is left on a driver's disk. The djl.mlp run's first driver is stopped once a round's
 * checkpoint is on the store, and a second driver process, in another working folder, resumes it.
 * That second driver runs every other command too ({@link LeptonSequence}), to keep the suite
 * short: a pipeline (reconcile two copies of the table, train mllib.logistic-regression on the
 * golden table, quantize it, export it to Azure Blob: the reports of its train and quantize steps
 * stand for that algorithm's), the other trainings and quantizations, an export of the XGBoost
 * model to S3, four commands that must be refused (exit 2) and {@code lepton runs}.
 */
@ExtendWith({EmulatorsExtension.class, SharedCluster.class})
class ClusterTrainIT {

  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHECKPOINT = Pattern.compile("_checkpoints/([^/]+)/djl-checkpoint");
  private static final int DJL_ROUNDS = 12;
  private static final String NO_SUCH_RUN = "20200101-000000-000000";
  private static final List<String> ALGORITHMS =
      List.of(
          "mllib.logistic-regression", "mllib.gbt", "mllib.random-forest", "xgboost", "djl.mlp");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static ObjectStores stores;
  private static String bucket;
  private static String container;
  private static String table;
  private static SubmitResult first;
  private static SubmitResult sequence;
  private static String resumedRunId;

  @BeforeAll
  static void trainAndQuantizeOnTheCluster() throws Exception {
    Emulators emulators = EmulatorsExtension.emulators();
    LeptonConfig config = TestStores.config(emulators, "");
    stores = ObjectStores.from(config);
    bucket = "s3a://" + TestStores.uniqueName("lepton-train") + "/";
    ((SupportsBuckets) stores.forUri(bucket)).createBucket(bucket);
    container =
        "wasb://"
            + TestStores.uniqueName("lepton-train")
            + "@devstoreaccount1.blob.core.windows.net/";
    ((SupportsBuckets) stores.forUri(container)).createBucket(container);
    SparkSession spark = TestSpark.session();
    HadoopStoreConf.apply(config, spark);
    table = bucket + "tables/train";
    TrainData.rows(spark, 1500, 11, 0).write().format("delta").save(table);
    Path conf = dir.resolve("train.conf");
    Files.writeString(
        conf,
        emulators.storesConfig(TestStores.S3, TestStores.AZURE)
            + TrainData.binaryConfig(table, "djl.mlp", "lepton-work")
            + """
            lepton.train.djl { hidden = [32, 16], rounds = 4, local-steps = 40, workers = 1 }
            lepton.train.model { name = "cluster", uri = "%smodels" }
            lepton.track.runs = "%sruns"
            lepton.quantize {
              data.split { validation = 0.15, test = 0.15, seed = 7 }
              gate { min-agreement = 0, max-metric-drop = 1, min-size-ratio = 0, min-speed-ratio = 0 }
            }
            """
                .formatted(bucket, bucket));
    first =
        SharedCluster.cluster()
            .submit(
                Submission.of(
                    SharedCluster.properties().clusterJar(),
                    "ai.lepton.jobs.Main",
                    train("djl.mlp", conf, "--set", "lepton.train.djl.rounds=" + DJL_ROUNDS)),
                SUBMIT_TIMEOUT,
                () -> checkpointRunId() != null);
    resumedRunId = checkpointRunId();
    assertThat(resumedRunId)
        .as("a djl.mlp checkpoint on the store\n%s", first.logTail())
        .isNotNull();
    List<List<String>> commands = new ArrayList<>();
    commands.add(
        train(
            "djl.mlp",
            conf,
            "--set",
            "lepton.train.djl.rounds=" + DJL_ROUNDS,
            "--resume",
            resumedRunId,
            "--report",
            report("djl.mlp").toString()));
    commands.add(
        List.of(
            "pipeline",
            "-c",
            pipelineConfig(conf).toString(),
            "--report",
            report("pipeline") + ""));
    for (String algorithm : ALGORITHMS.subList(1, 4)) {
      commands.add(train(algorithm, conf, "--report", report(algorithm).toString()));
    }
    for (String algorithm : List.of("mllib.gbt", "djl.mlp")) {
      commands.add(
          List.of(
              "quantize",
              "-c",
              conf.toString(),
              "--set",
              "lepton.quantize.model=" + bucket + "models/" + algorithm,
              "--report",
              report("quantize-" + algorithm).toString()));
    }
    commands.add(
        List.of("export", "-c", exportConfig(conf).toString(), "--report", report("export") + ""));
    commands.add(
        List.of(
            LeptonSequence.EXPECT_EXIT + "2",
            "train",
            "-c",
            conf.toString(),
            "--resume",
            NO_SUCH_RUN));
    commands.add(
        List.of(
            LeptonSequence.EXPECT_EXIT + "2",
            "train",
            "-c",
            conf.toString(),
            "--set",
            "lepton.train.model.uri="));
    commands.add(
        List.of(
            LeptonSequence.EXPECT_EXIT + "2",
            "quantize",
            "-c",
            conf.toString(),
            "--set",
            "lepton.quantize.model=" + bucket + "models/djl.mlp",
            "--set",
            "lepton.quantize.output=/tmp/lepton-local-int8"));
    commands.add(
        List.of(
            LeptonSequence.EXPECT_EXIT + "2",
            "reconcile",
            "-c",
            localReconcileOutputs().toString()));
    commands.add(List.of("runs", "-c", conf.toString()));
    Path jar = LeptonSequence.jar(Files.createDirectories(dir.resolve("sequence")));
    sequence =
        SharedCluster.cluster()
            .submit(
                Submission.of(
                        SharedCluster.properties().clusterJar(),
                        LeptonSequence.class.getName(),
                        LeptonSequence.join(commands))
                    .conf("spark.jars", jar.toString())
                    .driverJvmOption("-Dlepton.debug=true"),
                SUBMIT_TIMEOUT);
    assertThat(sequence.exitCode())
        .as("lepton train and quantize under spark-submit\n%s", sequence.logTail())
        .isZero();
  }

  /** {@code lepton train} of {@code algorithm} into {@code <bucket>models/<algorithm>}. */
  private static List<String> train(String algorithm, Path conf, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "-c",
                conf.toString(),
                "--set",
                "lepton.train.algorithm=" + algorithm,
                "--set",
                "lepton.train.model.name=" + algorithm.replace('.', '-'),
                "--set",
                "lepton.train.model.uri=" + bucket + "models/" + algorithm));
    args.addAll(List.of(more));
    return args;
  }

  private static String checkpointRunId() {
    String prefix = bucket + "models/djl.mlp/_checkpoints/";
    for (ObjectInfo info : stores.forUri(prefix).list(prefix)) {
      Matcher m = CHECKPOINT.matcher(info.uri());
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The train config plus an export of the XGBoost model to a SageMaker layout on S3. */
  private static Path exportConfig(Path conf) throws IOException {
    return Files.writeString(
        dir.resolve("export.conf"),
        Files.readString(conf)
            + """
            lepton.export {
              model = "%smodels/xgboost"
              targets = [ { name = aws, type = sagemaker, uri = "%sserving" } ]
            }
            """
                .formatted(bucket, bucket));
  }

  /**
   * The train config plus a pipeline: reconcile two copies of the training table into a golden
   * table on S3, train mllib.logistic-regression on it (as the other algorithms, into {@code
   * <bucket>models/mllib.logistic-regression}), quantize, export to Azure ML on Azure Blob.
   */
  private static Path pipelineConfig(Path conf) throws IOException {
    return Files.writeString(
        dir.resolve("pipeline.conf"),
        Files.readString(conf)
            + """
            lepton.reconcile {
              key = [id]
              sources = [ { name = a, uri = "%1$s", format = delta },
                          { name = b, uri = "%1$s", format = delta } ]
              resolve.policy = priority
              output { golden = "%2$spipeline/golden", discrepancies = "%2$spipeline/disc",
                       quarantine = "%2$spipeline/quarantine" }
            }
            lepton.train.input.table = ""
            lepton.train.algorithm = "mllib.logistic-regression"
            lepton.train.model {
              name = "mllib-logistic-regression", uri = "%2$smodels/mllib.logistic-regression"
            }
            lepton.export.targets = [ { name = azure, type = azureml, uri = "%3$sserving" } ]
            """
                .formatted(table, bucket, container));
  }

  @AfterAll
  static void removeBucket() {
    if (stores != null) {
      ((SupportsBuckets) stores.forUri(bucket)).deleteBucket(bucket);
      ((SupportsBuckets) stores.forUri(container)).deleteBucket(container);
      stores.close();
    }
  }

  private static Path report(String name) {
    return dir.resolve(name + ".json");
  }

  /**
   * The report of a command of the sequence; mllib.logistic-regression's train and quantize are the
   * pipeline's steps.
   */
  private static JsonNode read(String name) throws IOException {
    return switch (name) {
      case "mllib.logistic-regression" -> read("pipeline").at("/steps/1");
      case "quantize-mllib.logistic-regression" -> read("pipeline").at("/steps/2");
      default -> JSON.readTree(report(name).toFile());
    };
  }

  @Test
  void everyAlgorithmTrainsAndItsModelIsCompleteOnTheStore() throws IOException {
    for (String algorithm : ALGORITHMS) {
      JsonNode r = read(algorithm);
      assertThat(r.get("status").asText()).as(algorithm).isEqualTo("succeeded");
      assertThat(r.get("algorithm").asText()).isEqualTo(algorithm);
      assertThat(r.at("/metrics/test/auc").asDouble()).as(algorithm).isGreaterThan(0.85);
      assertThat(r.at("/input/version").asLong()).as(algorithm).isZero();
      String uri = r.at("/model/uri").asText();
      assertThat(uri).as(algorithm).startsWith(bucket + "models/" + algorithm + "/");
      ModelManifest m = ModelDirectory.fetch(uri, stores, dir.resolve("fetched/" + algorithm));
      assertThat(m.algorithm()).isEqualTo(algorithm);
      if (algorithm.startsWith("mllib.")) {
        assertThat(m.files().keySet())
            .as(algorithm + ": Spark ML's metadata and data files, published from the store")
            .anyMatch(f -> f.startsWith("model/spark-ml/metadata/part-"))
            .anyMatch(f -> f.startsWith("model/spark-ml/data/") && f.endsWith(".parquet"));
      }
      assertThat(objects(bucket + "models/" + algorithm + "/_staging/"))
          .as(algorithm + ": the staging folder is removed")
          .isEmpty();
    }
  }

  @Test
  void everyModelReloadedFromTheStoreScoresAsItScoredOnTheCluster() throws IOException {
    SparkSession spark = TestSpark.session();
    Dataset<Row> test =
        new SplitRule(0.15, 0.15, 7).select(spark.read().format("delta").load(table), "id", "test");
    for (String algorithm : ALGORITHMS) {
      JsonNode r = read(algorithm);
      LeptonModelTransformer model = LeptonModel.load(r.at("/model/uri").asText(), stores);
      List<String> classes = model.manifest().features().classes();
      Dataset<Row> labelled =
          test.withColumn(
              "label",
              functions.when(functions.col("outcome").equalTo(classes.get(1)), 1.0).otherwise(0.0));
      double auc = Metrics.of(model.transform(labelled), "binary").get("auc");
      assertThat(auc).as(algorithm).isCloseTo(r.at("/metrics/test/auc").asDouble(), within(1e-9));
    }
  }

  @Test
  void mllibAndDjlModelsQuantizeOnTheCluster() throws IOException {
    for (String algorithm : List.of("mllib.logistic-regression", "djl.mlp")) {
      JsonNode q = read("quantize-" + algorithm);
      assertThat(q.get("status").asText()).as(algorithm).isEqualTo("succeeded");
      assertThat(q.get("form").asText()).as(algorithm).isIn("qdq", "dynamic");
      assertThat(q.at("/int8/metric").asDouble()).as(algorithm).isGreaterThan(0.85);
      ModelManifest m =
          ModelDirectory.fetch(
              q.at("/model/uri").asText(), stores, dir.resolve("fetched/int8-" + algorithm));
      assertThat(m.files().keySet()).as(algorithm).contains("model/model.onnx");
    }
    JsonNode gbt = read("quantize-mllib.gbt");
    assertThat(gbt.get("status").asText()).isEqualTo("succeeded");
    assertThat(gbt.toString()).contains("passed through unchanged");
  }

  @Test
  void anExportToS3IsCompleteAndVerifiedOnTheStore() throws IOException {
    JsonNode r = read("export");
    assertThat(r.get("status").asText()).isEqualTo("succeeded");
    JsonNode target = r.at("/targets/0");
    assertThat(target.get("verified").asBoolean()).isTrue();
    assertThat(target.get("uri").asText()).startsWith(bucket + "serving/xgboost/");
    assertThat(publishedFiles(target)).contains("model.tar.gz", "sagemaker-model.json");
  }

  @Test
  void aPipelineRunsEveryStepAndExportsToAzureBlob() throws IOException {
    JsonNode r = read("pipeline");
    assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("succeeded");
    assertThat(r.get("steps"))
        .extracting(s -> s.get("job").asText())
        .containsExactly("reconcile", "train", "quantize", "export");
    assertThat(r.at("/steps/0/counts/keys").asLong()).isEqualTo(1500);
    assertThat(r.at("/steps/0/golden/uri").asText()).isEqualTo(bucket + "pipeline/golden");
    assertThat(r.at("/steps/1/input/version").asLong())
        .isEqualTo(r.at("/steps/0/golden/version").asLong());
    assertThat(r.at("/steps/1/model/uri").asText())
        .startsWith(bucket + "models/mllib.logistic-regression/");
    assertThat(r.at("/steps/3/model/source").asText())
        .isEqualTo(r.at("/steps/2/model/uri").asText());
    JsonNode target = r.at("/steps/3/targets/0");
    assertThat(target.get("uri").asText())
        .startsWith(container + "serving/mllib-logistic-regression-int8/");
    assertThat(publishedFiles(target)).contains("model.yml", "deployment.yml");
  }

  /**
   * The files an export target's manifest names, each checked on the store against the SHA-256 and
   * size the manifest gives; the version folder holds nothing else.
   */
  private static List<String> publishedFiles(JsonNode target) throws IOException {
    String folder = target.get("uri").asText();
    String manifestUri = target.get("manifest").asText();
    assertThat(manifestUri).isEqualTo(folder + "manifest.json");
    ObjectStore store = stores.forUri(folder);
    JsonNode manifest;
    try (InputStream in = store.open(manifestUri)) {
      manifest = JSON.readTree(in);
    }
    List<String> names = new ArrayList<>();
    manifest
        .get("files")
        .fields()
        .forEachRemaining(
            f -> {
              String uri = folder + f.getKey();
              assertThat(store.sha256(uri)).as(uri).isEqualTo(f.getValue().get("sha256").asText());
              assertThat(store.stat(uri).orElseThrow().size())
                  .as(uri)
                  .isEqualTo(f.getValue().get("size").asLong());
              names.add(f.getKey().substring(f.getKey().lastIndexOf('/') + 1));
            });
    assertThat(store.list(folder)).as(folder).hasSize(names.size() + 1);
    return names;
  }

  @Test
  void aDjlRunStoppedAfterACheckpointIsResumedByAnotherDriver() throws IOException {
    assertThat(first.exitCode()).as("the first driver was stopped").isNotZero();
    assertThat(first.driverWorkDir()).isNotEqualTo(sequence.driverWorkDir());
    Matcher resumed =
        Pattern.compile("resuming after round (\\d+)/" + DJL_ROUNDS)
            .matcher(Files.readString(sequence.stderr()));
    assertThat(resumed.find()).as("the second driver resumed").isTrue();
    assertThat(Integer.parseInt(resumed.group(1))).isBetween(1, DJL_ROUNDS - 1);
    JsonNode r = read("djl.mlp");
    assertThat(r.get("runId").asText()).isEqualTo(resumedRunId);
    assertThat(r.at("/model/uri").asText()).isEqualTo(bucket + "models/djl.mlp/" + resumedRunId);
    assertThat(checkpointRunId()).as("checkpoints are removed once published").isNull();
  }

  @Test
  void resumingARunWithoutACheckpointIsRefusedBeforeWork() throws IOException {
    String log = Files.readString(sequence.stderr());
    assertThat(log)
        .contains("there is no DJL checkpoint in " + bucket + "models/_checkpoints/" + NO_SUCH_RUN)
        .doesNotContain("[train] run " + NO_SUCH_RUN);
  }

  @Test
  void aModelLocationOnTheDriversDiskIsRefusedUnderAClusterMaster() throws IOException {
    assertThat(Files.readString(sequence.stderr()))
        .contains("lepton.train.model.uri resolves to ")
        .contains("lepton.train.model.uri = \"s3a://my-bucket/lepton/models\"");
  }

  @Test
  void reconcileAndQuantizeOutputsOnTheDriversDiskAreRefusedUnderAClusterMaster()
      throws IOException {
    assertThat(Files.readString(sequence.stderr()))
        .contains("lepton.quantize.output resolves to /tmp/lepton-local-int8")
        .contains("lepton.reconcile.output.golden resolves to /tmp/lepton-local-golden");
  }

  /** A reconcile config whose sources are on S3 but whose golden table is on the driver's disk. */
  private static Path localReconcileOutputs() throws IOException {
    return Files.writeString(
        dir.resolve("local-outputs.conf"),
        """
        lepton.reconcile {
          sources = [ { name = a, uri = "%sdata/a/", format = csv },
                      { name = b, uri = "%sdata/b/", format = json } ]
          output { golden = "/tmp/lepton-local-golden", discrepancies = "%sdisc",
                   quarantine = "%squarantine" }
        }
        lepton.track.runs = "%sruns"
        """
            .formatted(bucket, bucket, bucket, bucket, bucket));
  }

  @Test
  void runsListsEveryRunFromTheStore() throws IOException {
    String out = Files.readString(sequence.stdout());
    for (String algorithm : ALGORITHMS) {
      assertThat(out).contains(read(algorithm).get("runId").asText());
    }
    assertThat(out).contains("runs from " + bucket + "runs");
  }

  @Test
  void neitherDriverLeavesAnythingDurableOnItsDisk() throws IOException {
    for (SubmitResult s : List.of(first, sequence)) {
      assertThat(DriverFolder.durableFiles(s.driverWorkDir()))
          .as(s.driverWorkDir().toString())
          .isEmpty();
    }
    assertThat(DriverFolder.leptonTempFiles(sequence.driverWorkDir())).isEmpty();
  }

  @Test
  void theExecutorsLeaveNoLeptonScratchInTheirTemp() {
    StandaloneCluster cluster = SharedCluster.cluster();
    Assumptions.assumeTrue(
        cluster.shareNothing(), "the cluster fell back to a shared disk (see test output)");
    assertThat(cluster.workerTemp())
        .as("the executors' /tmp after training, quantizing, exporting and a pipeline")
        .isNotEmpty()
        .noneMatch(name -> name.startsWith("lepton-"));
  }

  @Test
  void theJobsRanTheirTasksOnTheExecutor() throws IOException {
    try (Stream<Path> apps = Files.list(SharedCluster.cluster().workerDir())) {
      List<Path> list = apps.toList();
      assertThat(list).as("applications in the worker's work dir").hasSize(2);
      for (Path app : list) {
        assertThat(Files.readString(app.resolve("0").resolve("stderr"))).contains("Finished task");
      }
    }
  }

  private static List<String> objects(String prefix) {
    return stores.forUri(prefix).list(prefix).stream().map(ObjectInfo::uri).toList();
  }
}
