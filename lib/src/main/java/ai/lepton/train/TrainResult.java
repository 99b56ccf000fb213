package ai.lepton.train;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import java.time.Instant;
import java.util.Map;

/**
 * What a training run did: the report {@code lepton train} prints with {@code --report}, a notebook
 * displays and a test asserts on.
 *
 * @param metrics per split ({@code validation}, {@code test}) the metric name to value
 * @param rows rows per split and dropped rows, with why
 * @param trainingMs time spent in the trainer alone
 * @param rowsPerSecond training rows / training seconds
 */
public record TrainResult(
    String job,
    JobResult.Status status,
    String runId,
    Instant startedAt,
    long durationMs,
    String algorithm,
    Input input,
    Map<String, Map<String, Double>> metrics,
    TrainingSet.Counts rows,
    long trainingMs,
    double rowsPerSecond,
    Model model)
    implements JobResult {

  /** What {@code lepton train} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> TrainSummary.print(this, out));
  }

  /** Copies the collections, so a result never changes once made. */
  public TrainResult {
    if (metrics != null) {
      java.util.Map<String, Map<String, Double>> split = new java.util.LinkedHashMap<>();
      metrics.forEach((k, v) -> split.put(k, Copies.map(v)));
      metrics = Copies.map(split);
    }
  }

  /** The Delta table and the exact version trained on. */
  public record Input(String table, long version) {}

  /** The published model directory and its manifest's SHA-256. */
  public record Model(String uri, String name, String format, String manifestSha256) {}
}
