package ai.lepton.gpu;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import java.util.List;

/**
 * Which operators of a job's plans would run on GPU executors under the RAPIDS Accelerator, per
 * phase, and why the others would not. Coverage is the share of physical operators RAPIDS would
 * place on GPU; work coverage weighs scans, exchanges, aggregates, joins, sorts, windows and
 * generators three times as much as projections and filters (a rough stand-in for where the time
 * goes, not a measurement).
 *
 * @param job always {@code gpu-check}
 * @param status {@code succeeded}, or {@code failed} when fallbacks were found and the check was
 *     asked to fail on them
 * @param checkedJob the job whose plans were checked
 * @param rapidsJar the RAPIDS jar that judged the plans
 * @param coverage share of operators on GPU over all phases
 * @param workCoverage share of weighted operators on GPU over all phases
 * @param operators operators counted over all phases
 * @param fallbackCount operators that stay on CPU over all phases
 * @param phases per phase of the job
 * @param notes what the check could not cover
 */
public record GpuCheckResult(
    String job,
    JobResult.Status status,
    String checkedJob,
    String rapidsJar,
    double coverage,
    double workCoverage,
    int operators,
    int fallbackCount,
    List<Phase> phases,
    List<String> notes)
    implements JobResult {

  /** What {@code lepton gpu-check} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> GpuCheckSummary.print(this, out));
  }

  /** Copies the collections, so a result never changes once made. */
  public GpuCheckResult {
    phases = Copies.list(phases);
    notes = Copies.list(notes);
  }

  /** Fallbacks Lepton's own code causes (and could avoid), over all phases. */
  public List<Fallback> leptonFallbacks() {
    return phases.stream().flatMap(p -> p.fallbacks().stream()).filter(Fallback::byLepton).toList();
  }

  /**
   * One phase: its operator counts and fallbacks.
   *
   * @param name e.g. {@code match keys}
   * @param coverage share of its operators on GPU
   * @param workCoverage share of its weighted operators on GPU
   * @param operators operators in its plan (removed ones not counted)
   * @param onGpu operators on GPU
   * @param work weighted operators (see {@link GpuCheckResult})
   * @param workOnGpu weighted operators on GPU
   * @param fallbacks operators that stay on CPU, each distinct operator and reason once
   */
  public record Phase(
      String name,
      double coverage,
      double workCoverage,
      int operators,
      int onGpu,
      int work,
      int workOnGpu,
      List<Fallback> fallbacks) {

    /** Copies the collections. */
    public Phase {
      fallbacks = Copies.list(fallbacks);
    }
  }

  /**
   * An operator that stays on CPU.
   *
   * @param operator the physical operator, e.g. {@code ProjectExec}
   * @param reason RAPIDS's reasons, including those of the expressions that keep it on CPU
   * @param cause {@code data-source} (the format or reader options of a source), {@code cache}
   *     (Spark's cache serializer), {@code disabled-by-default} (RAPIDS supports it behind a
   *     setting), {@code udf}, or {@code expression} (an expression RAPIDS lacks)
   * @param byLepton true when the job's own code causes it and could avoid it
   * @param suggestion how to avoid it, or empty
   */
  public record Fallback(
      String operator, String reason, String cause, boolean byLepton, String suggestion) {}
}
