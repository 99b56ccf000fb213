package ai.lepton.export;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of one exported version on one target, written after every file it names
 * was uploaded and verified: a reader that finds it can trust every file.
 *
 * @param formatVersion this file's layout version, {@link #FORMAT_VERSION}
 * @param name the model's exported name
 * @param version the exported version
 * @param algorithm the training algorithm
 * @param format how the model itself is stored
 * @param target the target's name, type and layout
 * @param signature the input signature: features, their encoding, and the tensors served
 * @param xgboost for XGBoost models: the writer's version and what reads the file; else null
 * @param metrics per split, metric name to value, as measured when the model was built
 * @param gate the verification gate's result; null when no gate ran
 * @param forced true when the model was exported although its gate failed ({@code force})
 * @param lineage input table and Delta version, run ids, the model directory exported
 * @param files path under the version folder to SHA-256 and size, every file but this one
 * @param createdAt when this version was first published to this target (ISO-8601)
 * @param leptonVersion the Lepton version that exported it
 * @param exportRunId the export run that published it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ExportManifest(
    int formatVersion,
    String name,
    String version,
    String algorithm,
    ModelFormat format,
    Target target,
    Signature signature,
    Xgboost xgboost,
    Map<String, Map<String, Double>> metrics,
    ModelManifest.Gate gate,
    boolean forced,
    Lineage lineage,
    Map<String, ModelManifest.FileEntry> files,
    String createdAt,
    String leptonVersion,
    String exportRunId) {

  /** The layout version this code writes. */
  public static final int FORMAT_VERSION = 1;

  /** The file name in each version folder. */
  public static final String FILE = "manifest.json";

  public ExportManifest {
    files = files == null ? Map.of() : new TreeMap<>(files);
    metrics = metrics == null ? Map.of() : metrics;
  }

  /** The target a version was laid out for. */
  public record Target(String name, String type, String layout) {}

  /**
   * What the served model takes and returns.
   *
   * @param features the model's feature signature as Lepton records it
   * @param inputs the input tensors ({@link ai.lepton.model.ServingTensors})
   * @param outputs the output tensors
   * @param encoding the rule that turns a row into the input vector, in words
   * @param encoded every feature's place and encoding in the input vector, in order
   */
  public record Signature(
      FeatureSignature features,
      List<Tensor> inputs,
      List<Tensor> outputs,
      String encoding,
      List<EncodedFeature> encoded) {}

  /**
   * An exported XGBoost model file and the XGBoost that serves it.
   *
   * @param writerVersion the XGBoost version that wrote the model
   * @param needs the oldest XGBoost ({@code major.minor}) that reads the published file exactly
   * @param servedBy the target's image (SageMaker) or environment (Azure ML); null for others
   * @param servedByVersion the XGBoost version of {@code servedBy} when its tag says it
   * @param change what export changed in the file so older XGBoost reads it exactly; null: none
   * @param override set when {@code --force} exported it to an image too old to read it exactly
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Xgboost(
      String writerVersion,
      String needs,
      String servedBy,
      String servedByVersion,
      String change,
      String override) {}

  /** A tensor of the served model; {@code -1} is a variable dimension. */
  public record Tensor(String name, String dataType, List<Integer> dims) {}

  /**
   * Where the model came from.
   *
   * @param inputTable the Delta table it was trained on
   * @param inputVersion that table's version
   * @param modelRunId the run that wrote the exported model directory
   * @param runIds run ids and model URIs from the model's own lineage (train, quantize)
   * @param sourceModel the model directory exported
   */
  public record Lineage(
      String inputTable,
      Long inputVersion,
      String modelRunId,
      Map<String, String> runIds,
      String sourceModel) {}
}
