package ai.lepton.track;

import ai.lepton.export.ExportResult;
import ai.lepton.quantize.QuantizeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs-table rows of the jobs that do not build their own: quantize, export, pipeline. */
public final class JobRuns {

  private JobRuns() {}

  /** The row of a finished quantize run. */
  public static RunRecord quantize(QuantizeResult r, Instant started, String sourceModel) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    put(metrics, "gate.agreement", r.gate() == null ? null : r.gate().agreement());
    put(metrics, "gate.metricDrop", r.gate() == null ? null : r.gate().metricDrop());
    put(metrics, "gate.sizeRatio", r.gate() == null ? null : r.gate().sizeRatio());
    put(metrics, "gate.speedRatio", r.gate() == null ? null : r.gate().speedRatio());
    metrics.put("rows.test", (double) r.testRows());
    metrics.put("rows.calibration", (double) r.calibrationRows());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("model", sourceModel);
    params.put("form", r.form());
    return new RunRecord(
        r.runId(),
        "quantize",
        r.status(),
        started,
        Instant.now(),
        params,
        metrics,
        Map.of(),
        r.model() == null ? List.of() : List.of(r.model().uri()),
        null);
  }

  /** The row of a finished export run. */
  public static RunRecord export(ExportResult r, Instant started) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    long uploaded = 0;
    List<String> artifacts = new ArrayList<>();
    for (ExportResult.Target t : r.targets()) {
      uploaded += t.uploadedBytes();
      artifacts.add(t.uri());
    }
    metrics.put("targets", (double) r.targets().size());
    metrics.put("uploadedBytes", (double) uploaded);
    Map<String, String> params = new LinkedHashMap<>();
    if (r.model() != null) {
      params.put("model", r.model().source());
      params.put("name", r.model().name());
      params.put("version", r.model().version());
    }
    return new RunRecord(
        r.runId(),
        "export",
        r.status(),
        started,
        Instant.now(),
        params,
        metrics,
        Map.of(),
        artifacts,
        r.succeeded() ? null : r.message());
  }

  /** The row of a run of {@code job} that failed with {@code error} before it had a result. */
  public static RunRecord failed(
      String job, String runId, Instant started, Map<String, String> params, Exception error) {
    return new RunRecord(
        runId,
        job,
        "failed",
        started,
        Instant.now(),
        params,
        Map.of(),
        Map.of(),
        List.of(),
        ai.lepton.config.Redactor.redactMessage(String.valueOf(error.getMessage())));
  }

  private static void put(Map<String, Double> into, String key, Double value) {
    if (value != null) {
      into.put(key, value);
    }
  }
}
