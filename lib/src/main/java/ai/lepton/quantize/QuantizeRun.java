package ai.lepton.quantize;

import ai.lepton.model.ModelManifest;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What every step of one quantization run shares: the session, where progress goes, the config, the
 * stores, the driver scratch folder, the run id, its start time and whether the gate is forced.
 */
record QuantizeRun(
    SparkSession spark,
    Progress progress,
    QuantizeConfig cfg,
    ObjectStores stores,
    Path work,
    String runId,
    long started,
    boolean force) {

  /** Wall time since the run started. */
  long durationMs() {
    return System.currentTimeMillis() - started;
  }

  /** The source model's lineage plus where this model came from and this run. */
  Map<String, String> lineage(ModelManifest manifest) {
    Map<String, String> l = new LinkedHashMap<>(manifest.lineage());
    if (manifest.runId() != null) {
      l.putIfAbsent("trainRunId", manifest.runId());
    }
    l.put("sourceModel", cfg.model());
    l.put("quantizeRunId", runId);
    return l;
  }
}
