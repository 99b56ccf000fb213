package ai.lepton.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.JobResult;
import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.testing.DebianPython;
import ai.lepton.testing.TestModels;
import ai.lepton.train.ModelLoaders;
import ai.lepton.train.Predictor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported XGBoost models scored by Python XGBoost 1.7 (Debian's python3-xgboost, the XGBoost of
 * {@code sagemaker-xgboost:1.7-1}) as SageMaker's container and the Azure ML score.py load them, on
 * rows encoded from manifest.json alone: the same scores as Lepton's. And a model that XGBoost 1.7
 * cannot read exactly is refused for that image unless forced.
 */
class XgboostArtifactsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PLANS = {"basic", "pro", "team", "gold", null};

  @TempDir Path tmp;

  /** Heavy-tailed balance (log-numeric), age, and a plan with an unknown value and nulls. */
  private static List<Map<String, Object>> rawRows(int n) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> r = new HashMap<>();
      double s = Math.sin(i * 0.61);
      r.put("balance", i % 11 == 5 ? null : Math.signum(s) * Math.exp(4 * Math.abs(s)) * 10);
      r.put("age", 20 + 50 * Math.abs(Math.cos(i * 0.37)));
      r.put("plan", PLANS[i % PLANS.length]);
      rows.add(r);
    }
    return rows;
  }

  private static FeatureSignature signature(String task, List<String> classes) {
    return new FeatureSignature(
        "id",
        "label",
        task,
        List.of(
            new FeatureSignature.Numeric("balance", 3.1, 2.4, true),
            new FeatureSignature.Numeric("age", 45.0, 14.0)),
        List.of(new FeatureSignature.Categorical("plan", List.of("basic", "pro", "team"))),
        classes,
        "impute");
  }

  private static byte[] train(
      FeatureSignature sig, List<Map<String, Object>> rows, Map<String, Object> params)
      throws Exception {
    int d = sig.encodedSize();
    float[] x = new float[rows.size() * d];
    float[] y = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      float[] e = sig.encode(rows.get(i));
      System.arraycopy(e, 0, x, i * d, d);
      double v = e[0] + 0.5 * e[1] + (e[3] > 0 ? 1 : 0);
      y[i] =
          switch (sig.task()) {
            case "binary" -> v > 0.3 ? 1f : 0f;
            case "multiclass" -> v > 0.8 ? 2f : v > -0.2 ? 1f : 0f;
            default -> (float) (3 + v);
          };
    }
    DMatrix m = new DMatrix(x, rows.size(), d, Float.NaN);
    m.setLabel(y);
    Map<String, Object> p = new HashMap<>(params);
    p.putAll(Map.of("max_depth", 3, "nthread", 1, "seed", 1));
    Booster b = XGBoost.train(m, p, 8, Map.of(), null, null);
    return b.toByteArray("json");
  }

  private LeptonConfig config(Path model, String extra) {
    return config(model, extra, "");
  }

  private LeptonConfig config(Path model, String extra, String export) {
    return LeptonConfig.parse(
        "lepton.export { model = \""
            + model
            + "\"\n"
            + export
            + "\n targets = [ { name = aws, type = sagemaker, uri = \""
            + tmp.resolve("aws")
            + "\" "
            + extra
            + "}, { name = azure, type = azureml, uri = \""
            + tmp.resolve("azure")
            + "\" } ] }");
  }

  private static double[][] leptonScores(Path modelDir, ModelManifest m, float[][] x) {
    try (Predictor p = ModelLoaders.forDirectory(m, modelDir).load().newPredictor()) {
      return p.scores(x);
    }
  }

  @Test
  void exportedBinaryRegressionAndMulticlassModelsScoreTheSameInXgboost17AsLepton()
      throws Exception {
    DebianPython.require("xgboost");
    List<Map<String, Object>> rows = rawRows(60);
    for (String task : List.of("binary", "regression", "multiclass")) {
      boolean binary = task.equals("binary");
      int width = task.equals("multiclass") ? 3 : 1;
      FeatureSignature sig =
          signature(
              task,
              switch (task) {
                case "binary" -> List.of("0", "1");
                case "multiclass" -> List.of("a", "b", "c");
                default -> List.of();
              });
      Map<String, Object> params =
          switch (task) {
            case "binary" -> Map.of("objective", "binary:logistic");
            case "multiclass" -> Map.of("objective", "multi:softprob", "num_class", 3);
            default -> Map.of("objective", "reg:squarederror");
          };
      byte[] model = train(sig, rows, params);
      Path dir = tmp.resolve("model-" + task);
      ModelManifest m =
          TestModels.write(
              dir,
              "churn",
              ModelFormat.XGBOOST,
              "run-" + task,
              Map.of("xgboost-model", model),
              sig);
      Lepton.export(config(dir, "")).execute();
      Path aws = tmp.resolve("aws/churn/run-" + task);
      Path azure = tmp.resolve("azure/churn/run-" + task);
      Path rowsFile = Files.writeString(tmp.resolve(task + ".json"), JSON.writeValueAsString(rows));

      JsonNode py =
          JSON.readTree(
              DebianPython.run(
                  OnnxArtifactsTest.script("check_xgboost.py"),
                  aws.resolve("manifest.json").toString(),
                  aws.resolve("model.tar.gz").toString(),
                  azure.toString(),
                  rowsFile.toString()));

      assertThat(py.get("xgboost").asText()).startsWith("1.7.");
      float[][] encoded = rows.stream().map(sig::encode).toArray(float[][]::new);
      double[][] lepton = leptonScores(dir, m, encoded);
      for (int i = 0; i < rows.size(); i++) {
        for (int j = 0; j < encoded[i].length; j++) {
          assertThat(py.at("/encoded/" + i + "/" + j).floatValue())
              .as("row %d column %d encoded from the manifest", i, j)
              .isEqualTo(encoded[i][j]);
        }
        assertThat(py.at("/sagemaker/" + i).size()).isEqualTo(width);
        for (int k = 0; k < width; k++) {
          double expected = lepton[i][binary ? 1 : k];
          assertThat(py.at("/sagemaker/" + i + "/" + k).asDouble())
              .as("%s row %d output %d in SageMaker's container", task, i, k)
              .isCloseTo(expected, within(1e-6));
          assertThat(py.at("/azureml/" + i + "/" + k).asDouble())
              .as("%s row %d output %d in score.py", task, i, k)
              .isCloseTo(expected, within(1e-6));
        }
      }
      DMatrix all = new DMatrix(flat(encoded), encoded.length, encoded[0].length, Float.NaN);
      float[][] original = XGBoost.loadModel(model).predict(all);
      float[][] exported =
          XGBoost.loadModel(Files.readAllBytes(azure.resolve("custom_model/xgboost-model")))
              .predict(all);
      for (int i = 0; i < original.length; i++) {
        for (int k = 0; k < width; k++) {
          assertThat(exported[i][k])
              .as("%s row %d: XGBoost 3.4 reads the exported file as the original", task, i)
              .isCloseTo(original[i][k], within(1e-6f));
        }
      }
      JsonNode manifest = JSON.readTree(aws.resolve("manifest.json").toFile());
      assertThat(manifest.at("/xgboost/writerVersion").asText()).isEqualTo("3.4.0");
      assertThat(manifest.at("/xgboost/servedByVersion").asText()).isEqualTo("1.7");
      assertThat(manifest.at("/xgboost/change").asText())
          .startsWith("learner_model_param.base_score [");
      assertThat(manifest.at("/xgboost/needs").asText()).isEqualTo("1.0");
    }
  }

  /**
   * The model in the layout of a dart booster ({@code gradient_booster} {@code {"name": "dart",
   * "gbtree": {...}, "weight_drop": [...]}}), whose per-class intercepts export does not fold.
   */
  private static byte[] asDart(byte[] json) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
    com.fasterxml.jackson.databind.node.ObjectNode learner =
        (com.fasterxml.jackson.databind.node.ObjectNode) root.get("learner");
    JsonNode gbtree = learner.get("gradient_booster");
    com.fasterxml.jackson.databind.node.ObjectNode dart = JSON.createObjectNode();
    dart.put("name", "dart");
    dart.set("gbtree", gbtree);
    com.fasterxml.jackson.databind.node.ArrayNode drop = dart.putArray("weight_drop");
    gbtree.at("/model/trees").forEach(t -> drop.add(1.0));
    learner.set("gradient_booster", dart);
    return JSON.writeValueAsBytes(root);
  }

  private static float[] flat(float[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
    }
    return out;
  }

  @Test
  void aDartModelWithOneInterceptPerClassIsRefusedForAnXgboost17ImageUnlessForced()
      throws Exception {
    List<Map<String, Object>> rows = rawRows(60);
    FeatureSignature sig = signature("multiclass", List.of("a", "b", "c"));
    byte[] model = asDart(train(sig, rows, Map.of("objective", "multi:softprob", "num_class", 3)));
    Path dir = tmp.resolve("multi");
    TestModels.write(dir, "seg", ModelFormat.XGBOOST, "run-m", Map.of("xgboost-model", model), sig);

    ExportResult refused = Lepton.export(config(dir, "")).execute();

    assertThat(refused.status()).isEqualTo(JobResult.Status.REFUSED);
    assertThat(refused.message())
        .contains(
            "written by XGBoost 3.4.0",
            "only XGBoost 3.0 or newer reads",
            "target 'aws' serves it with 683313688378.dkr.ecr.us-east-1.amazonaws.com/"
                + "sagemaker-xgboost:1.7-1 (XGBoost 1.7)",
            "set lepton.export.targets[0].image",
            "--force")
        .doesNotContain("target 'azure'");
    assertThat(tmp.resolve("aws")).doesNotExist();

    ExportResult newer =
        Lepton.export(
                config(dir, ", image = \"1.dkr.ecr.x/sagemaker-xgboost:3.0-5\"", "version = v3"))
            .execute();
    assertThat(newer.succeeded()).isTrue();

    Lepton.export(config(dir, "")).force(true).execute();
    JsonNode manifest = JSON.readTree(tmp.resolve("aws/seg/run-m/manifest.json").toFile());
    assertThat(manifest.at("/xgboost/override").asText())
        .startsWith("exported with --force although XGBoost 1.7 of ");
  }
}
