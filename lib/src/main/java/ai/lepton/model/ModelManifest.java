package ai.lepton.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code lepton-model.json}: everything known about the model in a model directory. Written last
 * when a model directory is published, so a reader that sees it sees every file it names.
 *
 * @param formatVersion the version of this file's layout, {@link #FORMAT_VERSION}
 * @param name the model's name (letters, digits, {@code . _ -})
 * @param algorithm e.g. {@code mllib.logistic-regression}, {@code xgboost}, {@code djl.mlp}
 * @param format how the files under {@code model/} are stored
 * @param features the input signature and its encoding
 * @param params the algorithm's parameters as configured
 * @param metrics per split ({@code validation}, {@code test}) the metric name to value
 * @param input the Delta table and version the model was trained on
 * @param runId the run that wrote this directory
 * @param createdAt ISO-8601 instant
 * @param leptonVersion the Lepton version that wrote it
 * @param files path relative to the directory to its SHA-256 and size; every file but this one
 * @param lineage run ids and model URIs this model came from, e.g. {@code trainRunId}, {@code
 *     quantizeRunId}, {@code sourceModel}
 * @param quantization how the model was quantized ({@code form}, {@code reason}, ...); null when it
 *     was not
 * @param gate the verification gate's result; null when no gate ran
 * @param exportable false when a gate failed and was not forced
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
    int formatVersion,
    String name,
    String algorithm,
    ModelFormat format,
    FeatureSignature features,
    Map<String, Object> params,
    Map<String, Map<String, Double>> metrics,
    InputTable input,
    String runId,
    String createdAt,
    String leptonVersion,
    Map<String, FileEntry> files,
    Map<String, String> lineage,
    Map<String, Object> quantization,
    Gate gate,
    boolean exportable)
    implements Serializable {

  /** The layout version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** The file name of the manifest inside a model directory. */
  public static final String FILE = "lepton-model.json";

  public ModelManifest {
    params = params == null ? Map.of() : new LinkedHashMap<>(params);
    metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
    files = files == null ? Map.of() : new TreeMap<>(files);
    lineage = lineage == null ? Map.of() : new LinkedHashMap<>(lineage);
  }

  /** The Delta table and version a model was trained on. */
  public record InputTable(String table, long version) implements Serializable {}

  /** One file of a model directory. */
  public record FileEntry(String sha256, long size) implements Serializable {}

  /**
   * A verification gate's outcome.
   *
   * @param passed whether every threshold held
   * @param forced true when the model was kept exportable although the gate failed
   * @param figures the measured figures, e.g. {@code agreement}, {@code metricDrop}
   * @param thresholds the thresholds they were held to
   * @param reason which thresholds failed, in words; empty when passed
   */
  public record Gate(
      boolean passed,
      boolean forced,
      Map<String, Double> figures,
      Map<String, Double> thresholds,
      String reason)
      implements Serializable {}

  /** This manifest with {@code files} replaced. */
  public ModelManifest withFiles(Map<String, FileEntry> newFiles) {
    return new ModelManifest(
        formatVersion,
        name,
        algorithm,
        format,
        features,
        params,
        metrics,
        input,
        runId,
        createdAt,
        leptonVersion,
        newFiles,
        lineage,
        quantization,
        gate,
        exportable);
  }
}
