package ai.lepton.spark;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;

/**
 * Progress of a long job: a line when each step starts and ends, with counts and elapsed time, and
 * while a step runs, a heartbeat line with Spark's task counts so no one stares at a silent
 * terminal. Lines go to a sink, standard error by default.
 */
public final class Progress {

  private final String job;
  private final Consumer<String> sink;
  private final SparkSession spark;
  private final long intervalMs;

  /**
   * Progress for {@code job}, printing to {@code sink} with a heartbeat every {@code intervalMs}.
   */
  public Progress(String job, SparkSession spark, Consumer<String> sink, long intervalMs) {
    this.job = job;
    this.spark = spark;
    this.sink = sink;
    this.intervalMs = intervalMs;
  }

  /** Progress that prints nothing (tests, or callers that report on their own). */
  public static Progress silent(String job, SparkSession spark) {
    return new Progress(job, spark, line -> {}, 0);
  }

  /** Prints one line. */
  public void say(String message) {
    sink.accept("[" + job + "] " + message);
  }

  /** Runs a step, printing its start, a heartbeat while it runs, and its end with elapsed time. */
  public <T> T step(String name, Supplier<T> work, java.util.function.Function<T, String> summary) {
    say(name + " ...");
    long start = System.nanoTime();
    ScheduledExecutorService timer = intervalMs > 0 ? heartbeat(name, start) : null;
    try {
      T result = work.get();
      String detail = summary == null ? "" : summary.apply(result);
      say(name + ": " + (detail.isEmpty() ? "done" : detail) + " (" + elapsed(start) + ")");
      return result;
    } finally {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }

  /** Runs a step that returns nothing. */
  public void step(String name, Runnable work) {
    step(
        name,
        () -> {
          work.run();
          return "";
        },
        r -> "");
  }

  private ScheduledExecutorService heartbeat(String name, long start) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lepton-progress");
              t.setDaemon(true);
              return t;
            });
    ScheduledFuture<?> unused =
        timer.scheduleAtFixedRate(
            () -> say("  " + name + " still running, " + elapsed(start) + tasks()),
            intervalMs,
            intervalMs,
            TimeUnit.MILLISECONDS);
    return timer;
  }

  private String tasks() {
    try {
      SparkStatusTracker tracker = spark.sparkContext().statusTracker();
      int done = 0;
      int total = 0;
      for (int id : tracker.getActiveStageIds()) {
        scala.Option<SparkStageInfo> info = tracker.getStageInfo(id);
        if (info.isDefined()) {
          done += info.get().numCompletedTasks();
          total += info.get().numTasks();
        }
      }
      return total == 0 ? "" : String.format(Locale.ROOT, "; Spark tasks %d/%d", done, total);
    } catch (RuntimeException e) {
      return "";
    }
  }

  static String elapsed(long startNanos) {
    Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
    return d.toSeconds() >= 60
        ? String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart())
        : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
