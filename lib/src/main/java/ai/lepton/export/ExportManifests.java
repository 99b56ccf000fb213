package ai.lepton.export;

import ai.lepton.LeptonVersion;
import ai.lepton.internal.Checksums;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.ServingTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the {@code manifest.json} of a staged target and its bytes. */
final class ExportManifests {

  private ExportManifests() {}

  /**
   * The manifest.json of one staged target: the model's signature, metrics, gate and lineage, and
   * every staged file with its SHA-256; {@code firstCreated} keeps the date of a version published
   * before.
   */
  static ExportManifest of(
      SourceModel model,
      StagedTarget staged,
      boolean forced,
      ExportManifest.Xgboost xgboost,
      String runId,
      Optional<String> firstCreated) {
    ModelManifest m = model.manifest();
    Map<String, ModelManifest.FileEntry> files = new TreeMap<>();
    staged.files().forEach((rel, path) -> files.put(rel, entry(path)));
    ModelManifest.InputTable input = m.input();
    return new ExportManifest(
        ExportManifest.FORMAT_VERSION,
        model.name(),
        model.version(),
        m.algorithm(),
        m.format(),
        new ExportManifest.Target(
            staged.target().name(), staged.target().type().id(), layout(staged, m.format())),
        signature(m),
        xgboost,
        m.metrics(),
        m.gate(),
        forced,
        new ExportManifest.Lineage(
            input == null ? null : input.table(),
            input == null ? null : input.version(),
            m.runId(),
            m.lineage(),
            model.uri()),
        files,
        firstCreated.orElse(Instant.now().toString()),
        LeptonVersion.lepton(),
        runId);
  }

  private static String layout(StagedTarget staged, ModelFormat format) {
    return switch (staged.target().type()) {
      case SAGEMAKER -> "sagemaker/" + format.id();
      case AZUREML -> format == ModelFormat.ONNX ? "azureml/triton_model" : "azureml/custom_model";
      case TRITON -> "triton/onnxruntime_onnx";
      case LOCAL -> "local/" + format.id();
    };
  }

  private static ExportManifest.Signature signature(ModelManifest m) {
    FeatureSignature f = m.features();
    if (f == null) {
      return null;
    }
    String type = ServingTensors.DATA_TYPE;
    return new ExportManifest.Signature(
        f,
        List.of(new ExportManifest.Tensor(ServingTensors.INPUT, type, ServingTensors.inputDims(f))),
        List.of(
            new ExportManifest.Tensor(ServingTensors.OUTPUT, type, ServingTensors.outputDims(f))),
        EncodedFeature.RULE,
        EncodedFeature.of(f));
  }

  /** manifest.json's bytes. */
  static byte[] bytes(ExportManifest manifest) {
    return LayoutFiles.json(manifest, ExportManifest.FILE).getBytes(StandardCharsets.UTF_8);
  }

  private static ModelManifest.FileEntry entry(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new ModelManifest.FileEntry(Checksums.sha256Hex(in), Files.size(file));
    } catch (IOException e) {
      throw ExportErrors.staging("hash " + file, e);
    }
  }
}
