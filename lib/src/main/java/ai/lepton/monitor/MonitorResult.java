package ai.lepton.monitor;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code lepton monitor} found: every statistic of every feature, the score and the label,
 * worst first, and whether any was above its threshold.
 *
 * @param job always {@code monitor}
 * @param status {@code succeeded} when every statistic is within its threshold, {@code drift} when
 *     one or more is above it
 * @param runId the run's id, also in the drift table
 * @param startedAt when it started
 * @param durationMs how long it took
 * @param model the model watched
 * @param training the rows the model was trained on (the train split of the table version its
 *     manifest names)
 * @param current the table version compared with them
 * @param findings every statistic, worst first (by value / threshold)
 * @param exceeded how many findings are above their threshold
 * @param driftTable the Delta table the findings were appended to
 * @param psiEdges per numeric distribution, the bucket edges of its PSI (training quantiles)
 * @param message one line saying what was found
 */
public record MonitorResult(
    String job,
    JobResult.Status status,
    String runId,
    Instant startedAt,
    long durationMs,
    Model model,
    Data training,
    Data current,
    List<Finding> findings,
    int exceeded,
    String driftTable,
    Map<String, List<Double>> psiEdges,
    String message)
    implements JobResult {

  /** What {@code lepton monitor} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> MonitorSummary.print(this, out));
  }

  public MonitorResult {
    findings = Copies.list(findings);
    psiEdges = Copies.map(psiEdges);
  }

  /** This run's row in the runs table, with the run's {@code params}. */
  RunRecord runRecord(JobRun job, Map<String, String> params) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("findings", (double) findings.size());
    metrics.put("exceeded", (double) exceeded);
    metrics.put("rows.training", (double) training.rows());
    metrics.put("rows.current", (double) current.rows());
    findings.stream()
        .filter(f -> f.statistic().equals("psi"))
        .mapToDouble(Finding::value)
        .max()
        .ifPresent(v -> metrics.put("maxPsi", v));
    return job.row(
        status,
        params,
        metrics,
        Map.of(current.table(), current.version()),
        List.of(driftTable),
        null);
  }

  /** The model directory watched. */
  public record Model(String uri, String name, String algorithm) {}

  /** A Delta table version and how many rows of it were compared. */
  public record Data(String table, long version, long rows) {}

  /** True when any statistic is above its threshold. */
  public boolean drifted() {
    return exceeded > 0;
  }

  /** The finding of {@code statistic} for {@code feature}, if measured. */
  public java.util.Optional<Finding> finding(String feature, String statistic) {
    return findings.stream()
        .filter(f -> f.feature().equals(feature) && f.statistic().equals(statistic))
        .findFirst();
  }
}
