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
 * equal values) is rewritten as that scalar, which 3.x reads back as the same intercept; a vector
 * of different values (one intercept per target or class) has no 1.x form: the model then needs
 * XGBoost {@value #VECTOR_INTERCEPT_VERSION} or newer.
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
      throw new ExportException("The XGBoost model is not valid JSON: " + e.getMessage(), e);
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
      return new XgboostModelFile(json, writer, base, null, VECTOR_INTERCEPT_VERSION);
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
      throw new ExportException("Cannot read the XGBoost model to export it: " + e.getMessage(), e);
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
