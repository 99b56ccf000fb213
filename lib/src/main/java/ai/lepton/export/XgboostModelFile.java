package ai.lepton.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * An XGBoost model file as exported: XGBoost's JSON model format (a binary or UBJSON file is
 * converted), with {@code learner_model_param.base_score} written the way XGBoost 1.x reads it.
 *
 * <p>XGBoost 3.x writes {@code base_score} as a vector string, e.g. {@code "[1.2019201E-1]"}.
 * XGBoost 1.7 (the SageMaker image {@code sagemaker-xgboost:1.7-1}) loads that file without an
 * error but reads {@code base_score} as 0.5, so every score shifts. A vector of one value (or of
 * equal values) is rewritten as that scalar, which 3.x reads back as the same intercept. A
 * multiclass gbtree model's per-class intercepts are added to the leaves of each class's first tree
 * and base_score set to 0 (the same margins). Any other vector (dart, vector leaves, several
 * targets) has no 1.x form: the model then needs XGBoost {@value #VECTOR_INTERCEPT_VERSION} or
 * newer.
 *
 * @param bytes the file to publish
 * @param writerVersion the XGBoost version that wrote the model, e.g. {@code 3.4.0}
 * @param baseScore the base_score as published
 * @param change what was changed in the file, in words; null when nothing was
 * @param needs the oldest XGBoost ({@code major.minor}) that reads the published file exactly
 */
record XgboostModelFile(
    byte[] bytes, String writerVersion, String baseScore, String change, String needs) {

  /** The first XGBoost that reads a vector base_score (one intercept per target). */
  static final String VECTOR_INTERCEPT_VERSION = "3.0";

  /** The oldest XGBoost that reads a JSON model with a scalar base_score as Lepton exports it. */
  static final String SCALAR_VERSION = "1.0";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BASE_SCORE = Pattern.compile("\"base_score\"\\s*:\\s*\"([^\"]*)\"");

  /** Reads {@code model} (any format XGBoost writes) and prepares it for export. */
  static XgboostModelFile of(byte[] model) {
    byte[] json = asJson(model);
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw ExportErrors.xgboostNotJson(e);
    }
    String writer = version(root.path("version"));
    String text = new String(json, StandardCharsets.UTF_8);
    Matcher m = BASE_SCORE.matcher(text);
    if (!m.find()) {
      return new XgboostModelFile(json, writer, null, null, SCALAR_VERSION);
    }
    String base = m.group(1).trim();
    if (!base.startsWith("[")) {
      return new XgboostModelFile(json, writer, base, null, SCALAR_VERSION);
    }
    List<String> values = new ArrayList<>();
    for (String v : base.substring(1, base.length() - 1).split(",")) {
      values.add(v.trim());
    }
    if (values.stream().map(Float::parseFloat).distinct().count() != 1) {
      byte[] folded = foldIntercepts(json, values);
      return folded == null
          ? new XgboostModelFile(json, writer, base, null, VECTOR_INTERCEPT_VERSION)
          : new XgboostModelFile(
              folded,
              writer,
              "0",
              "learner_model_param.base_score "
                  + base
                  + " (one intercept per class) added to the leaves of each class's first tree"
                  + " and written as 0, the form XGBoost 1.x reads (1.7 reads the vector as 0.5)",
              SCALAR_VERSION);
    }
    String scalar = values.get(0);
    String rewritten =
        text.substring(0, m.start())
            + "\"base_score\":\""
            + scalar
            + "\""
            + text.substring(m.end());
    return new XgboostModelFile(
        rewritten.getBytes(StandardCharsets.UTF_8),
        writer,
        scalar,
        "learner_model_param.base_score "
            + base
            + " (XGBoost "
            + writer
            + "'s vector form) written as "
            + scalar
            + ", the same value in the form XGBoost 1.x reads (1.7 reads the vector form as 0.5)",
        SCALAR_VERSION);
  }

  /**
   * A multiclass gbtree model with one intercept per class rewritten with base_score 0 and each
   * class's intercept added to every leaf of that class's first tree: the same margins (softmax
   * takes base_score as a margin as it is), in a form XGBoost 1.x reads. Null when the model is not
   * of that kind (dart, vector leaves, several targets, a class without a tree).
   */
  private static byte[] foldIntercepts(byte[] json, List<String> intercepts) {
    ObjectMapper exact =
        new ObjectMapper()
            .enable(
                com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(
                com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    try {
      JsonNode root = exact.readTree(json);
      JsonNode learner = root.path("learner");
      JsonNode param = learner.path("learner_model_param");
      JsonNode booster = learner.path("gradient_booster");
      JsonNode model = booster.path("model");
      int classes = Integer.parseInt(param.path("num_class").asText("0"));
      if (!"gbtree".equals(booster.path("name").asText())
          || classes != intercepts.size()
          || Integer.parseInt(param.path("num_target").asText("1")) != 1
          || !model.path("trees").isArray()) {
        return null;
      }
      JsonNode info = model.path("tree_info");
      for (int k = 0; k < classes; k++) {
        int first = -1;
        for (int i = 0; i < info.size() && first < 0; i++) {
          first = info.get(i).asInt() == k ? i : -1;
        }
        JsonNode tree = first < 0 ? null : model.path("trees").get(first);
        if (tree == null
            || !"1".equals(tree.path("tree_param").path("size_leaf_vector").asText("1"))) {
          return null;
        }
        addToLeaves(tree, Float.parseFloat(intercepts.get(k)));
      }
      ((com.fasterxml.jackson.databind.node.ObjectNode) param).put("base_score", "0");
      keepFloats(root);
      return exact.writeValueAsBytes(root);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * Writes every decimal as a JSON float ({@code 1.0}, not {@code 1}): XGBoost's JSON reader tells
   * integers from floats by their text and refuses an integer where a float belongs.
   */
  private static void keepFloats(JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        JsonNode v = o.get(n);
        if (v.isBigDecimal()) {
          o.set(n, floatNode(v));
        } else {
          keepFloats(v);
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isBigDecimal()) {
          a.set(i, floatNode(a.get(i)));
        } else {
          keepFloats(a.get(i));
        }
      }
    }
  }

  private static JsonNode floatNode(JsonNode decimal) {
    String text = decimal.decimalValue().toString();
    if (text.indexOf('.') < 0 && text.indexOf('E') < 0 && text.indexOf('e') < 0) {
      text += ".0";
    }
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.rawValueNode(
        new com.fasterxml.jackson.databind.util.RawValue(text));
  }

  private static void addToLeaves(JsonNode tree, float intercept) {
    JsonNode left = tree.path("left_children");
    com.fasterxml.jackson.databind.node.ArrayNode values =
        (com.fasterxml.jackson.databind.node.ArrayNode) tree.path("split_conditions");
    for (int n = 0; n < left.size(); n++) {
      if (left.get(n).asInt() == -1) {
        float leaf = Float.parseFloat(values.get(n).asText()) + intercept;
        values.set(n, new java.math.BigDecimal(Float.toString(leaf)));
      }
    }
  }

  /** The XGBoost {@code major.minor} of a SageMaker XGBoost image, when its tag says it. */
  static String imageVersion(String image) {
    Matcher m = Pattern.compile("sagemaker-xgboost:(\\d+)\\.(\\d+)-").matcher(image);
    return m.find() ? m.group(1) + "." + m.group(2) : null;
  }

  /** True when XGBoost {@code have} ({@code major.minor}) is older than {@code needs}. */
  static boolean older(String have, String needs) {
    String[] a = have.split("\\.");
    String[] b = needs.split("\\.");
    int major = Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0]));
    return major != 0
        ? major < 0
        : Integer.parseInt(a[1]) < Integer.parseInt(b.length > 1 ? b[1] : "0");
  }

  private static byte[] asJson(byte[] model) {
    try {
      JsonNode probe = JSON.readTree(model);
      if (probe != null && probe.has("learner")) {
        return model;
      }
    } catch (IOException e) {
      // not JSON text: UBJSON or the legacy binary format, converted below
    }
    try {
      return XGBoost.loadModel(model).toByteArray("json");
    } catch (Exception e) {
      throw ExportErrors.xgboostUnreadable(e);
    }
  }

  private static String version(JsonNode v) {
    if (!v.isArray() || v.isEmpty()) {
      return "unknown";
    }
    List<String> parts = new ArrayList<>();
    v.forEach(p -> parts.add(p.asText()));
    return String.join(".", parts);
  }
}
