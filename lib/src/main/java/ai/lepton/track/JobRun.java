package ai.lepton.track;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Redactor;
import ai.lepton.errors.Failures;
import ai.lepton.storage.HadoopStoreConf;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * One run of a job, the part every action shares: the run id and start time, the stores' settings
 * in the session's Hadoop conf, and the run's row in the runs table, written whether the work
 * succeeds or fails (a failure is tagged with the run id, {@link RunFailure}, and rethrown
 * unchanged). Each action keeps its own params and metrics: it says how its row looks.
 *
 * <pre>{@code
 * JobRun run = JobRun.start("train", spark, config).saying(progress::say);
 * return run.execute(() -> train(run.id(), run.started()), (result, error) -> row(run, result, error));
 * }</pre>
 */
public final class JobRun {

  private final String job;
  private final String id;
  private final Instant started;
  private final RunsTable runs;
  private final Consumer<String> say;

  private JobRun(String job, String id, Instant started, RunsTable runs, Consumer<String> say) {
    this.job = job;
    this.id = id;
    this.started = started;
    this.runs = runs;
    this.say = say;
  }

  /**
   * Starts a run of {@code job} on Spark: writes the settings of {@code config}'s stores into the
   * session's Hadoop conf, takes the time and a new run id, and records to {@code config}'s runs
   * table ({@code lepton.track.runs}).
   */
  public static JobRun start(String job, SparkSession spark, LeptonConfig config) {
    return start(job, spark, config, true);
  }

  /**
   * As {@link #start(String, SparkSession, LeptonConfig)}; records nothing unless {@code recorded}.
   */
  public static JobRun start(
      String job, SparkSession spark, LeptonConfig config, boolean recorded) {
    HadoopStoreConf.apply(config, spark);
    return start(job, recorded ? RunsTable.at(spark, config) : null);
  }

  /** Starts a run of {@code job} recorded in {@code runs}; null records nothing. */
  public static JobRun start(String job, RunsTable runs) {
    Instant started = Instant.now();
    return new JobRun(job, RunId.next(started), started, runs, line -> {});
  }

  /** This run continuing run {@code runId} (a resume) when it is not null. */
  public JobRun resuming(String runId) {
    return runId == null ? this : new JobRun(job, runId, started, runs, say);
  }

  /** This run saying where it could not record itself to {@code say}. */
  public JobRun saying(Consumer<String> say) {
    return new JobRun(job, id, started, runs, say);
  }

  /** The run id. */
  public String id() {
    return id;
  }

  /** When the run started. */
  public Instant started() {
    return started;
  }

  /** Milliseconds since the run started. */
  public long elapsedMs() {
    return Duration.between(started, Instant.now()).toMillis();
  }

  /**
   * Runs {@code work} and records the run: {@code row} gets the result and null, or null and the
   * failure (which is then tagged with the run id and rethrown). A row that cannot be written is
   * only said, so recording never hides the work's own outcome.
   */
  public <R> R execute(Supplier<R> work, BiFunction<R, RuntimeException, RunRecord> row) {
    R result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      record(() -> row.apply(null, e));
      RunFailure.tag(e, id);
      throw e;
    }
    record(() -> row.apply(result, null));
    return result;
  }

  /**
   * This run's row: {@code status} as its word, ended now; {@code error} is redacted (secrets never
   * reach the table).
   */
  public RunRecord row(
      JobResult.Status status,
      Map<String, String> params,
      Map<String, Double> metrics,
      Map<String, Long> inputs,
      List<String> artifacts,
      String error) {
    return new RunRecord(
        id,
        job,
        status.word(),
        started,
        Instant.now(),
        params,
        metrics,
        inputs,
        artifacts,
        error == null ? null : Redactor.redactMessage(error));
  }

  /** The row of this run failing with {@code error} before it had a result. */
  public RunRecord failed(Map<String, String> params, Exception error) {
    return row(
        JobResult.Status.FAILED, params, Map.of(), Map.of(), List.of(), Failures.describe(error));
  }

  private void record(Supplier<RunRecord> row) {
    if (runs == null) {
      return;
    }
    runs.recordOrSay(row.get(), say);
  }
}
