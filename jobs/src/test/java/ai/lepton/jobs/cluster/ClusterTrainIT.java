package ai.lepton.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.config.LeptonConfig;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.quantize.EncodedRow;
import ai.lepton.quantize.Scoring;
import ai.lepton.storage.ObjectStores;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training and quantization under {@code spark-submit} on the standalone cluster: {@code djl.mlp}
 * (barrier rounds on the executor, DJL's native library loaded there) and {@code xgboost} train
 * from the cluster jar, then the DJL model is quantized with the gate scored on the executor, and
 * the int8 model it wrote scores the test split here exactly as it did there.
 */
class ClusterTrainIT {

  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static StandaloneCluster cluster;
  private static Path conf;
  private static String table;
  private static final List<SubmitResult> submits = new ArrayList<>();

  @BeforeAll
  static void trainAndQuantizeOnTheCluster() throws Exception {
    ClusterTestProperties props = ClusterTestProperties.fromSystem();
    SparkSession spark = TestSpark.session();
    table = dir.resolve("table").toString();
    TrainData.rows(spark, 1500, 11, 0).write().format("delta").save(table);
    conf = dir.resolve("train.conf");
    Files.writeString(
        conf,
        TrainData.binaryConfig(table, "djl.mlp", dir.resolve("work").toString())
            + """
            lepton.train.djl { hidden = [32, 16], rounds = 4, local-steps = 40, workers = 1 }
            lepton.train.model.name = "cluster"
            lepton.quantize {
              data.split { validation = 0.15, test = 0.15, seed = 7 }
              gate { min-agreement = 0, max-metric-drop = 1, min-size-ratio = 0, min-speed-ratio = 0 }
            }
            """);
    cluster = StandaloneCluster.start(props, dir.resolve("cluster"));
    try {
      submits.add(submit(props, "djl", "train", "-c", conf.toString()));
      submits.add(
          submit(
              props,
              "xgboost",
              "train",
              "-c",
              conf.toString(),
              "--set",
              "lepton.train.algorithm=xgboost"));
      String djlModel = report("djl").at("/model/uri").asText();
      submits.add(
          submit(
              props,
              "quantize",
              "quantize",
              "-c",
              conf.toString(),
              "--set",
              "lepton.quantize.model=" + djlModel));
    } finally {
      cluster.close();
    }
  }

  private static SubmitResult submit(ClusterTestProperties props, String name, String... args)
      throws InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--report", dir.resolve(name + ".json").toString()));
    SubmitResult r =
        cluster.submit(
            Submission.of(props.clusterJar(), "ai.lepton.jobs.Main", all)
                .driverJvmOption("-Dlepton.debug=true"),
            SUBMIT_TIMEOUT);
    assertThat(r.exitCode()).as("lepton %s under spark-submit\n%s", name, r.logTail()).isZero();
    return r;
  }

  private static JsonNode report(String name) throws IOException {
    return JSON.readTree(dir.resolve(name + ".json").toFile());
  }

  @AfterAll
  static void stopEverything() {
    if (cluster != null) {
      cluster.close();
      assertThat(cluster.aliveProcesses()).as("processes of the cluster still running").isEmpty();
    }
  }

  @Test
  void djlMlpAndXgboostTrainFromTheClusterJar() throws IOException {
    for (String name : List.of("djl", "xgboost")) {
      JsonNode r = report(name);
      assertThat(r.get("status").asText()).as(name).isEqualTo("succeeded");
      assertThat(r.at("/metrics/test/auc").asDouble()).as(name).isGreaterThan(0.85);
      assertThat(r.at("/input/version").asLong()).as(name).isZero();
      assertThat(Path.of(r.at("/model/uri").asText(), ModelManifest.FILE)).exists();
    }
    assertThat(report("djl").get("algorithm").asText()).isEqualTo("djl.mlp");
    assertThat(report("xgboost").get("algorithm").asText()).isEqualTo("xgboost");
  }

  @Test
  void everyJobRanItsTasksOnAnExecutorJvm() throws IOException {
    try (var apps = Files.list(cluster.workerDir())) {
      List<Path> list = apps.toList();
      assertThat(list).as("applications in the worker's work dir").hasSize(3);
      for (Path app : list) {
        Path log = app.resolve("0").resolve("stderr");
        assertThat(Files.readString(log)).as(app.toString()).contains("Finished task");
      }
    }
  }

  @Test
  void theInt8ModelScoresHereAsItScoredOnTheExecutor() throws IOException {
    JsonNode q = report("quantize");
    assertThat(q.get("status").asText()).isEqualTo("succeeded");
    assertThat(q.get("form").asText()).isIn("qdq", "dynamic");
    String uri = q.at("/model/uri").asText();
    SparkSession spark = TestSpark.session();
    try (ObjectStores stores = ObjectStores.from(LeptonConfig.parse(""))) {
      Path local = dir.resolve("int8");
      ModelManifest m = ModelDirectory.fetch(uri, stores, local);
      byte[] onnx = Files.readAllBytes(local.resolve("model/model.onnx"));
      Dataset<Row> data =
          spark.read().format("delta").option("versionAsOf", m.input().version()).load(table);
      Dataset<Row> test = new SplitRule(0.15, 0.15, 7).select(data, "id", "test");
      List<Scoring.Figures> here =
          Scoring.run(
              EncodedRow.encode(test, m.features()),
              List.of(OnnxPredictor.of(onnx)),
              "binary",
              256,
              10);
      assertThat(here.get(0).metric()).isCloseTo(q.at("/int8/metric").asDouble(), within(1e-12));
      assertThat(q.get("testRows").asLong()).isEqualTo(test.count());
    }
  }
}
