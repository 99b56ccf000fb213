package ai.lepton.quantize;

import ai.lepton.JobResult;
import ai.lepton.LeptonVersion;
import ai.lepton.model.ModelManifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Publishes a model Lepton does not quantize (trees) unchanged, with this run's lineage. */
final class PassThrough {

  private PassThrough() {}

  /** Copies the fetched model at {@code source} to the output and says {@code reason}. */
  static QuantizeResult publish(
      QuantizeRun run, ModelManifest manifest, Path source, String reason) {
    QuantizeConfig cfg = run.cfg();
    Path staging = run.work().resolve("staging");
    ModelStaging.copyTree(source, staging);
    Map<String, Object> quantization = new LinkedHashMap<>();
    quantization.put("form", "none");
    quantization.put("reason", reason);
    ModelManifest out =
        new ModelManifest(
            manifest.formatVersion(),
            manifest.name(),
            manifest.algorithm(),
            manifest.format(),
            manifest.features(),
            manifest.params(),
            manifest.metrics(),
            manifest.input(),
            run.runId(),
            Instant.now().toString(),
            LeptonVersion.lepton(),
            null,
            run.lineage(manifest),
            quantization,
            manifest.gate(),
            manifest.exportable());
    ModelStaging.publish(staging, out, cfg.output(), run.stores());
    QuantizeResult.Gate gate =
        new QuantizeResult.Gate(true, false, null, null, null, null, null, List.of());
    return new QuantizeResult(
        "quantize",
        JobResult.Status.SUCCEEDED,
        run.runId(),
        "none",
        reason,
        gate,
        null,
        null,
        List.of(),
        new QuantizeResult.Model(cfg.output(), manifest.exportable()),
        0,
        0,
        run.durationMs(),
        null);
  }
}
