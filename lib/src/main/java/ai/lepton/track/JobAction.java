package ai.lepton.track;

import ai.lepton.config.LeptonConfig;
import ai.lepton.spark.Progress;
import org.apache.spark.sql.SparkSession;

/**
 * What every job's action holds before it runs: the session, the configuration and where its
 * progress lines go (silent until {@link #progress(Progress)} says otherwise), and how it starts
 * its {@link JobRun}. An action adds its own options and {@code execute()}:
 *
 * <pre>{@code
 * public final class TrainAction extends JobAction<TrainAction> {
 *   public TrainAction(SparkSession spark, LeptonConfig config) {
 *     super("train", spark, config);
 *   }
 *   public TrainResult execute() {
 *     JobRun run = startRun();
 *     return run.execute(() -> train(run.id()), (result, error) -> row(run, result, error));
 *   }
 * }
 * }</pre>
 *
 * @param <A> the action itself, so that the options chain
 */
public abstract class JobAction<A extends JobAction<A>> {

  /** The session the action runs on. */
  protected final SparkSession spark;

  /** The whole configuration; the action reads its own section. */
  protected final LeptonConfig config;

  /** Where progress lines go. */
  protected Progress progress;

  private final String job;

  /** An action of {@code job} (its name in progress lines and the runs table). */
  protected JobAction(String job, SparkSession spark, LeptonConfig config) {
    this.job = job;
    this.spark = spark;
    this.config = config;
    this.progress = Progress.silent(job, spark);
  }

  /** Where progress lines go. */
  public final A progress(Progress progress) {
    this.progress = progress;
    return self();
  }

  /** Starts this action's run, recorded in the runs table ({@link JobRun#start}). */
  protected final JobRun startRun() {
    return startRun(true);
  }

  /**
   * Starts this action's run, recorded in the runs table unless not {@code recorded}; where the run
   * cannot be recorded is said in the progress lines.
   */
  protected final JobRun startRun(boolean recorded) {
    return JobRun.start(job, spark, config, recorded).saying(progress::say);
  }

  /** This action, typed as itself. */
  @SuppressWarnings("unchecked")
  protected final A self() {
    return (A) this;
  }
}
