package ai.lepton.plan;

import ai.lepton.JobResult;
import ai.lepton.internal.Copies;
import ai.lepton.internal.Text;
import java.util.List;

/**
 * What {@code lepton plan} found: the report the CLI prints with {@code --report}, a notebook
 * displays and a test asserts on. When no candidate satisfies the constraints, {@code status} is
 * {@code failed}, {@code plans} is empty and {@code removed} says which constraint dropped how
 * many.
 *
 * @param plannedJob the job the cluster is planned for, e.g. {@code reconcile}
 * @param candidates clusters considered: cluster shapes times node counts
 * @param feasibleShapes cluster shapes with at least one node count that passes every constraint
 * @param outputs files written for the chosen plans
 * @param notes settings worth a look before using the definitions
 * @param catalogNotes what the price catalog adjusted while loading (e.g. no spot offer)
 */
public record PlanResult(
    String job,
    JobResult.Status status,
    String message,
    String plannedJob,
    double inputGb,
    List<Source> sources,
    Throughput throughput,
    String rankBy,
    long candidates,
    long shapes,
    long feasibleShapes,
    List<Removal> removed,
    List<Plan> plans,
    List<Output> outputs,
    List<String> notes,
    List<String> catalogNotes)
    implements JobResult {

  /** What {@code lepton plan} prints: the outcome and its figures, for people. */
  @Override
  public String summary() {
    return Text.of(out -> PlanSummary.print(this, out));
  }

  /** Copies the collections, so a result never changes once made. */
  public PlanResult {
    sources = Copies.list(sources);
    removed = Copies.list(removed);
    plans = Copies.list(plans);
    outputs = Copies.list(outputs);
    notes = Copies.list(notes);
    catalogNotes = Copies.list(catalogNotes);
  }

  /** One input source and where it is. */
  public record Source(String name, String uri, String cloud, String region, double sizeGb) {}

  /**
   * How many candidates a constraint removed (each counted by the first constraint it fails).
   *
   * @param constraint the key under {@code lepton.plan.constraints}, or {@code executor-fit}
   * @param limit the constraint's setting, as configured
   * @param closest for deadline and cost caps: the best value among the candidates it checked
   */
  public record Removal(String constraint, String limit, long removed, String closest) {}

  /** A file written for a plan. */
  public record Output(String file, String kind, int plan) {}
}
