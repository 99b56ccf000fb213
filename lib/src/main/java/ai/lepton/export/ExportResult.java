package ai.lepton.export;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export did: the model version, and per target where it landed, what was uploaded and
 * whether every file was verified.
 *
 * @param job always {@code export}
 * @param status {@code succeeded}, or {@code refused} when the model's gate failed and it was not
 *     forced (nothing was published)
 * @param runId this export's run id
 * @param message one line saying what happened
 * @param routing the traffic weights written to {@code routing.json}; empty with one target
 * @param notes what the user must still do (placeholders in the generated specs)
 */
public record ExportResult(
    String job,
    JobResult.Status status,
    String runId,
    Instant startedAt,
    long durationMs,
    String message,
    Model model,
    List<Target> targets,
    List<Route> routing,
    List<String> notes)
    implements JobResult {

  /** What {@code lepton export} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> ExportSummary.print(this, out));
  }

  public ExportResult {
    targets = Copies.list(targets);
    routing = Copies.list(routing);
    notes = Copies.list(notes);
  }

  /**
   * The exported model.
   *
   * @param source the model directory exported
   * @param forced exported although its verification gate failed
   */
  public record Model(
      String name,
      String version,
      String source,
      String format,
      String algorithm,
      boolean forced) {}

  /**
   * One target's outcome.
   *
   * @param uri the version folder, {@code <target uri>/<name>/<version>/}
   * @param artifact what a serving system is pointed at (model.tar.gz, model.yml, the folder)
   * @param manifest the version's manifest.json
   * @param files files of the version, manifest.json not counted
   * @param filesUploaded files uploaded by this run
   * @param uploadedBytes bytes uploaded by this run
   * @param bytes bytes of all the version's files
   * @param verified every file's SHA-256 matched the manifest
   * @param upToDate the version was already published with the same content
   * @param notes what the user must still do for this target
   */
  public record Target(
      String name,
      String type,
      String uri,
      String artifact,
      String manifest,
      int files,
      int filesUploaded,
      long uploadedBytes,
      long bytes,
      boolean verified,
      boolean upToDate,
      List<String> notes) {

    /** Copies the collections. */
    public Target {
      notes = Copies.list(notes);
    }
  }

  /** A target's share of traffic in {@code routing.json}. */
  public record Route(String target, double weight, int percent) {}

  /** This run's row in the runs table. */
  RunRecord runRecord(JobRun job) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    long uploaded = 0;
    List<String> artifacts = new ArrayList<>();
    for (Target t : targets) {
      uploaded += t.uploadedBytes();
      artifacts.add(t.uri());
    }
    metrics.put("targets", (double) targets.size());
    metrics.put("uploadedBytes", (double) uploaded);
    Map<String, String> params = new LinkedHashMap<>();
    if (model != null) {
      params.put("model", model.source());
      params.put("name", model.name());
      params.put("version", model.version());
    }
    return job.row(status, params, metrics, Map.of(), artifacts, succeeded() ? null : message);
  }
}
