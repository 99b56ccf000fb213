package ai.lepton.plan;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Picks the cheapest (or fastest) cluster for a job from the price catalog, under the constraints
 * of {@code lepton.plan}, and writes the chosen plans' spark-submit, EMR and Databricks
 * definitions. Needs no Spark session: {@code Lepton.plan(config).execute()}.
 */
public final class PlanAction {

  private final LeptonConfig config;
  private ThroughputSource throughput;
  private Path outputDir;
  private boolean writeFiles = true;
  private String defaultJar = "lepton-jobs-cluster.jar";
  private PriceCatalog catalog;

  /** An action over {@code config}'s {@code lepton.plan} settings. */
  public PlanAction(LeptonConfig config) {
    this.config = config;
    this.throughput = new ConfiguredThroughput(config);
  }

  /** Where throughput figures come from (default: {@link ConfiguredThroughput}). */
  public PlanAction throughput(ThroughputSource source) {
    this.throughput = source;
    return this;
  }

  /** The folder for the definitions, instead of {@code lepton.plan.output-dir}. */
  public PlanAction outputDir(Path dir) {
    this.outputDir = dir;
    return this;
  }

  /** Whether to write the definitions at all (default true). */
  public PlanAction writeFiles(boolean write) {
    this.writeFiles = write;
    return this;
  }

  /** The jar to submit when {@code lepton.plan.submit.jar} is empty. */
  public PlanAction defaultJar(String jar) {
    this.defaultJar = jar;
    return this;
  }

  /** A catalog to plan from instead of the one {@code lepton.plan.catalog} names. */
  public PlanAction catalog(PriceCatalog catalog) {
    this.catalog = catalog;
    return this;
  }

  /**
   * Plans and writes the definitions. Bad config or catalog rows throw a {@code ConfigException};
   * no plan satisfying the constraints is a result with status {@code failed}.
   */
  public PlanResult execute() {
    PlanConfig plan = PlanConfig.from(config);
    Workload workload;
    try (ObjectStores stores = ObjectStores.from(config)) {
      workload = Workload.from(config, plan, uri -> listedBytes(stores, uri));
    }
    PriceCatalog prices = catalog != null ? catalog : PriceCatalog.load(plan.catalog());
    Throughput rates = throughput.forJob(plan.job());
    Optimizer.Outcome outcome = new Optimizer(prices, plan, workload, rates).run();
    Search search = new Search(plan, workload, rates, outcome, removals(plan, outcome), prices);
    return outcome.ranked().isEmpty() ? search.infeasible() : chosen(search);
  }

  private PlanResult chosen(Search search) {
    List<Candidate> ranked = search.outcome().ranked();
    PlanConfig plan = search.plan();
    Explain explain =
        new Explain(plan, search.workload(), search.rates(), ranked.get(0), ranked.size());
    Map<Integer, Plan> shown = new TreeMap<>();
    for (int i = 0; i < Math.min(plan.top(), ranked.size()); i++) {
      shown.put(i + 1, explain.plan(i + 1, ranked.get(i)));
    }
    List<PlanResult.Output> outputs =
        writeFiles ? write(plan, search.workload(), ranked) : List.of();
    outputs.forEach(o -> shown.computeIfAbsent(o.plan(), r -> explain.plan(r, ranked.get(r - 1))));
    Candidate top = ranked.get(0);
    String message =
        String.format(
            Locale.ROOT,
            "%d of %d cluster shapes meet the constraints; best: %s, %.2f h, %s",
            ranked.size(),
            search.outcome().shapes(),
            top.describe(),
            top.expectedHours(),
            Money.usd(Money.cents(top.total())));
    return search.result(message, List.copyOf(shown.values()), outputs);
  }

  /** Writes the best plan's spark-submit, and the best EMR and Databricks plans' definitions. */
  private List<PlanResult.Output> write(
      PlanConfig plan, Workload workload, List<Candidate> ranked) {
    Path dir = outputDir != null ? outputDir : Path.of(plan.outputDir());
    String jar = plan.submit().jar().isEmpty() ? defaultJar : plan.submit().jar();
    SparkSubmit submit = new SparkSubmit(plan, workload, jar);
    PlanFiles files = new PlanFiles(dir);
    files.sparkSubmit(1, ranked.get(0), submit);
    best(ranked, Platform.EMR)
        .ifPresent(
            r -> files.emr(r + 1, ranked.get(r), new EmrDefinitions(plan, submit, workload.job())));
    best(ranked, Platform.DATABRICKS)
        .ifPresent(
            r ->
                files.databricks(
                    r + 1, ranked.get(r), new DatabricksJob(plan, submit, workload.job())));
    return files.written();
  }

  private static Optional<Integer> best(List<Candidate> ranked, Platform platform) {
    for (int i = 0; i < ranked.size(); i++) {
      if (ranked.get(i).shape().platform() == platform) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Everything the search found, and how it becomes the reported result. */
  private record Search(
      PlanConfig plan,
      Workload workload,
      Throughput rates,
      Optimizer.Outcome outcome,
      List<PlanResult.Removal> removals,
      PriceCatalog prices) {

    PlanResult infeasible() {
      return result(PlanAction.infeasible(plan, outcome, removals), List.of(), List.of());
    }

    PlanResult result(String message, List<Plan> plans, List<PlanResult.Output> outputs) {
      List<PlanResult.Source> sources =
          workload.sources().stream()
              .map(
                  s ->
                      new PlanResult.Source(
                          s.name(),
                          s.uri(),
                          s.location().cloud(),
                          s.location().region(),
                          s.sizeGb()))
              .toList();
      return new PlanResult(
          "plan",
          outcome.ranked().isEmpty() ? JobResult.Status.FAILED : JobResult.Status.SUCCEEDED,
          message,
          workload.job(),
          workload.inputGb(),
          sources,
          rates,
          plan.rankBy().name().toLowerCase(Locale.ROOT),
          outcome.candidates(),
          outcome.shapes(),
          outcome.ranked().size(),
          removals,
          plans,
          outputs,
          notes(plan, workload, outputs),
          prices.notes());
    }
  }

  /** The bytes of every object under {@code uri}, listed through its store. */
  private static long listedBytes(ObjectStores stores, String uri) {
    return stores.forUri(uri).list(uri).stream().mapToLong(ObjectInfo::size).sum();
  }

  private static List<String> notes(
      PlanConfig plan, Workload workload, List<PlanResult.Output> outputs) {
    List<String> notes = new ArrayList<>();
    if (!workload.measured().isEmpty()) {
      notes.add(
          "The input size was measured by listing the sources through the stores (no"
              + " lepton.plan.input-gb or size-gb given): "
              + String.join("; ", workload.measured()));
    }
    if (!outputs.isEmpty() && plan.submit().jar().isEmpty()) {
      notes.add(
          "lepton.plan.submit.jar is not set, so the definitions name the jar file only: set it to"
              + " where the cluster reads it, e.g. s3://bucket/jars/lepton-jobs-cluster.jar");
    }
    if (!outputs.isEmpty() && plan.submit().args().isEmpty()) {
      notes.add(
          "lepton.plan.submit.args is not set, so the job reads -c "
              + plan.job()
              + ".conf: set it to where the cluster reads your config");
    }
    return List.copyOf(notes);
  }

  private static List<PlanResult.Removal> removals(PlanConfig plan, Optimizer.Outcome outcome) {
    List<PlanResult.Removal> out = new ArrayList<>();
    PlanConfig.Constraints c = plan.constraints();
    for (CandidateChecks.Check check : CandidateChecks.Check.values()) {
      long removed = outcome.removed().get(check);
      String limit = limit(check, c);
      if (removed > 0 || limit != null) {
        out.add(
            new PlanResult.Removal(
                check.name,
                limit == null ? "" : limit,
                removed,
                outcome.closest().getOrDefault(check, "")));
      }
    }
    return List.copyOf(out);
  }

  /** The setting of a constraint as configured, or null when it is not set. */
  private static String limit(CandidateChecks.Check check, PlanConfig.Constraints c) {
    return switch (check) {
      case CLOUDS -> c.clouds().isEmpty() ? null : String.join(", ", c.clouds());
      case REGIONS -> c.regions().isEmpty() ? null : String.join(", ", c.regions());
      case PLATFORMS -> String.join(", ", c.platforms().stream().map(Platform::id).toList());
      case ALLOW_GPU -> c.allowGpu() ? null : "false";
      case GPU_TYPES -> c.gpuTypes().isEmpty() ? null : String.join(", ", c.gpuTypes());
      case MIN_MEMORY ->
          c.minMemoryGibPerCore() > 0
              ? Explain.trim(c.minMemoryGibPerCore()) + " GiB per vCPU"
              : null;
      case SPOT -> c.spot() ? null : "false";
      case EXECUTOR_FIT -> null;
      case MIN_GPUS -> c.minGpus() > 0 ? String.valueOf(c.minGpus()) : null;
      case DEADLINE -> c.deadlineHours() > 0 ? Explain.trim(c.deadlineHours()) + " h" : null;
      case MAX_HOURLY -> c.maxHourlyCost() > 0 ? Money.usd(c.maxHourlyCost()) + "/h" : null;
      case MAX_TOTAL -> c.maxTotalCost() > 0 ? Money.usd(c.maxTotalCost()) : null;
    };
  }

  private static String infeasible(
      PlanConfig plan, Optimizer.Outcome outcome, List<PlanResult.Removal> removals) {
    PlanConfig.Constraints c = plan.constraints();
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "No plan satisfies the constraints. Of %,d candidates (%,d cluster shapes x %d-%d"
                    + " nodes):",
                outcome.candidates(),
                outcome.shapes(),
                c.minNodes(),
                c.maxNodes()));
    for (PlanResult.Removal r : removals) {
      if (r.removed() == 0) {
        continue;
      }
      text.append(
          String.format(
              Locale.ROOT,
              "%n  %s%s removed %,d%s",
              r.constraint(),
              r.limit().isEmpty() ? "" : " (" + r.limit() + ")",
              r.removed(),
              r.closest().isEmpty() ? "" : "; " + r.closest()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%nRelax the constraints under lepton.plan.constraints (e.g. --set"
                + " lepton.plan.constraints.deadline-hours=...), or raise max-nodes (%d).",
            c.maxNodes()));
    return text.toString();
  }
}
