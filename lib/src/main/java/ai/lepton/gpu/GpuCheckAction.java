package ai.lepton.gpu;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.reconcile.ReconcileAction;
import ai.lepton.reconcile.ReconcileConfig;
import ai.lepton.spark.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Proves from a job's plans, without a GPU, which of its operators would run on GPU executors under
 * the RAPIDS Accelerator and why the others would not. Builds reconcile's DataFrames from {@code
 * lepton.reconcile} on this session (reading nothing but file listings and schemas, writing
 * nothing) and asks RAPIDS's {@code ExplainPlan} about each phase. Build with {@code
 * Lepton.with(spark).gpuCheck(config)}, then {@link #execute()}.
 */
public final class GpuCheckAction {

  static final String KEY = "lepton.gpu-check.rapids-jar";

  static final String TRAIN_NOTE =
      "gpu-check checks reconcile's plans; train's feature preparation is not checked yet";

  private final SparkSession spark;
  private final LeptonConfig config;
  private String rapidsJar;
  private boolean failOnFallback;
  private Progress progress;

  /** A check of the job configured in {@code config}. */
  public GpuCheckAction(SparkSession spark, LeptonConfig config) {
    this.spark = spark;
    this.config = config;
    this.rapidsJar = Settings.at(config.raw(), "lepton.gpu-check").string("rapids-jar");
    this.progress = Progress.silent("gpu-check", spark);
  }

  /** The RAPIDS jar to use instead of {@code lepton.gpu-check.rapids-jar} or the build's copy. */
  public GpuCheckAction rapidsJar(Path jar) {
    if (jar != null) {
      this.rapidsJar = jar.toString();
    }
    return this;
  }

  /** Report status {@code failed} when any operator would stay on CPU. */
  public GpuCheckAction failOnFallback(boolean fail) {
    this.failOnFallback = fail;
    return this;
  }

  /** Where progress lines go. */
  public GpuCheckAction progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** Checks reconcile's plans. */
  public GpuCheckResult execute() {
    ReconcileConfig.from(config);
    RapidsExplainer explainer = explainer();
    List<GpuCheckResult.Phase> phases =
        new ReconcileAction(spark, config)
            .progress(progress)
            .inspect(frames -> check(explainer, frames, true));
    return result("reconcile", phases, List.of(TRAIN_NOTE));
  }

  /**
   * Checks DataFrames of your own, by name, e.g. a notebook's feature preparation. Their fallbacks
   * count as the caller's code ({@code byLepton} is false).
   */
  public GpuCheckResult check(Map<String, Dataset<Row>> frames) {
    return result("dataframes", check(explainer(), frames, false), List.of());
  }

  private RapidsExplainer explainer() {
    Path jar =
        progress.step(
            "finding the RAPIDS Accelerator jar",
            () -> RapidsJar.find(rapidsJar, "--rapids-jar or " + KEY),
            Path::toString);
    return RapidsExplainer.of(jar);
  }

  private List<GpuCheckResult.Phase> check(
      RapidsExplainer explainer, Map<String, Dataset<Row>> frames, boolean ownCode) {
    List<GpuCheckResult.Phase> out = new ArrayList<>();
    for (Map.Entry<String, Dataset<Row>> e : new LinkedHashMap<>(frames).entrySet()) {
      GpuPlan plan =
          progress.step(
              "explaining " + e.getKey(),
              () -> GpuPlan.parse(explainer.explain(e.getValue())),
              p ->
                  String.format(
                      "%.0f%% of %d operators on GPU", 100 * p.coverage(), p.operators().size()));
      out.add(phase(e.getKey(), plan, ownCode));
    }
    return out;
  }

  static GpuCheckResult.Phase phase(String name, GpuPlan plan, boolean ownCode) {
    List<GpuCheckResult.Fallback> fallbacks =
        plan.fallbacks().stream().map(o -> Fallbacks.classify(o, ownCode)).distinct().toList();
    List<GpuPlan.Operator> gpu = plan.operators().stream().filter(GpuPlan.Operator::onGpu).toList();
    return new GpuCheckResult.Phase(
        name,
        plan.coverage(),
        plan.workCoverage(),
        plan.operators().size(),
        gpu.size(),
        plan.operators().stream().mapToInt(GpuPlan.Operator::weight).sum(),
        gpu.stream().mapToInt(GpuPlan.Operator::weight).sum(),
        fallbacks);
  }

  private GpuCheckResult result(
      String checked, List<GpuCheckResult.Phase> phases, List<String> notes) {
    int operators = phases.stream().mapToInt(GpuCheckResult.Phase::operators).sum();
    int onGpu = phases.stream().mapToInt(GpuCheckResult.Phase::onGpu).sum();
    int work = phases.stream().mapToInt(GpuCheckResult.Phase::work).sum();
    int workOnGpu = phases.stream().mapToInt(GpuCheckResult.Phase::workOnGpu).sum();
    int fallbacks = operators - onGpu;
    return new GpuCheckResult(
        "gpu-check",
        failOnFallback && fallbacks > 0 ? JobResult.Status.FAILED : JobResult.Status.SUCCEEDED,
        checked,
        RapidsJar.find(rapidsJar, KEY).toString(),
        operators == 0 ? 1 : (double) onGpu / operators,
        work == 0 ? 1 : (double) workOnGpu / work,
        operators,
        fallbacks,
        List.copyOf(phases),
        notes);
  }
}
