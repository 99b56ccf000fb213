package ai.lepton.monitor;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.errors.Failures;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.spark.DurablePaths;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunRecord;
import ai.lepton.train.LeptonModel;
import ai.lepton.train.LeptonModelTransformer;
import ai.lepton.train.TrainInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Compares the rows a model was trained on (the train split of the table version its {@code
 * lepton-model.json} names) with a newer version of the table: per numeric feature the population
 * stability index over buckets fixed from training quantiles and the Kolmogorov–Smirnov statistic;
 * per categorical feature the PSI over its categories and the share of categories the model does
 * not know; per feature the change of the null rate; the same for the model's scores (scored on the
 * executors) and, when the new rows have labels, for the label. The training side is read twice
 * (quantiles, then counts; scored once and cached), the new side once. Findings are appended to the
 * drift table and the run to the runs table. Build with {@code Lepton.with(spark).monitor(config)}.
 *
 * <p>What it touches besides its outputs: the session's Hadoop configuration gets the settings of
 * {@code lepton.stores}; the SQL configuration is left as it was, and what it caches is released
 * when it returns.
 */
public final class MonitorAction extends JobAction<MonitorAction> {

  /** The name of the prediction distribution in findings. */
  public static final String PREDICTION = "prediction";

  /** An action over {@code config}'s {@code lepton.monitor} settings. */
  public MonitorAction(SparkSession spark, LeptonConfig config) {
    super("monitor", spark, config);
  }

  /** Measures, records and returns the drift; status {@code drift} when a threshold is exceeded. */
  public MonitorResult execute() {
    MonitorConfig cfg = MonitorConfig.from(config);
    DurablePaths.require(
        spark, "lepton.monitor.drift-table", cfg.driftTable(), "s3a://my-bucket/lepton/drift");
    JobRun job = startRun();
    return job.execute(
        () -> {
          MonitorResult result = run(cfg, job.id(), job.started());
          progress.step(
              "appending " + result.findings().size() + " findings to " + cfg.driftTable(),
              () -> DriftTable.append(spark, cfg.driftTable(), result));
          return result;
        },
        (result, error) -> record(job, cfg, result, error));
  }

  private MonitorResult run(MonitorConfig cfg, String runId, Instant started) {
    LeptonModelTransformer scorer;
    String modelUri;
    try (ObjectStores stores = ObjectStores.from(config)) {
      modelUri = ModelDirectory.resolve(cfg.model(), stores);
      ModelDirectory.read(modelUri, stores);
      String at = modelUri;
      scorer =
          progress.step("loading the model " + at, () -> LeptonModel.load(at, stores), m -> "");
    }
    ModelManifest manifest = scorer.manifest();
    FeatureSignature sig = manifest.features();
    String trainedOn = manifest.input().table();
    String table = cfg.table().isEmpty() ? trainedOn : cfg.table();
    TrainInput trainingInput = TrainInput.read(spark, trainedOn, manifest.input().version());
    TrainInput currentInput = TrainInput.read(spark, table, cfg.version());
    SplitRule split = SplitRule.of(manifest, null);
    Dataset<Row> trainingRows =
        split == null
            ? trainingInput.rows()
            : split.select(trainingInput.rows(), sig.key(), "train");
    boolean labelled = has(currentInput.rows(), sig.label());
    List<Slot> slots = slots(manifest, labelled);

    Dataset<Row> training =
        DriftScan.prepare(score(scorer, trainingRows, sig, labelled), slots)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double[] coarse = grid(cfg.psiBins());
      double[] fine = grid(cfg.ksPoints());
      double[] probabilities =
          java.util.stream.DoubleStream.concat(Arrays.stream(coarse), Arrays.stream(fine))
              .toArray();
      double[][] q =
          progress.step(
              "training quantiles of " + slots.size() + " distributions",
              () -> DriftScan.quantiles(training, slots, probabilities, cfg.relativeError()),
              x -> "");
      double[][] fineEdges = new double[slots.size()][];
      double[][] coarseEdges = new double[slots.size()][];
      for (int i = 0; i < slots.size(); i++) {
        if (q[i] != null) {
          fineEdges[i] = DriftMath.edges(q[i]);
          coarseEdges[i] =
              DriftMath.edges(Arrays.copyOf(q[i], Math.min(coarse.length, q[i].length)));
        }
      }
      long[][] before =
          progress.step(
              "counting the training rows",
              () -> DriftScan.count(training, slots, fineEdges),
              c -> String.format(Locale.ROOT, "%,d rows", rows(c)));
      Dataset<Row> current =
          DriftScan.prepare(score(scorer, currentInput.rows(), sig, labelled), slots);
      long[][] after =
          progress.step(
              "counting version " + currentInput.version() + " of " + table,
              () -> DriftScan.count(current, slots, fineEdges),
              c -> String.format(Locale.ROOT, "%,d rows", rows(c)));
      List<Finding> findings = new ArrayList<>();
      Map<String, List<Double>> psiEdges = new LinkedHashMap<>();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        findings.addAll(
            findings(s, before[i], after[i], fineEdges[i], coarseEdges[i], cfg.thresholds()));
        if (s.numeric()) {
          psiEdges.put(s.name(), Arrays.stream(coarseEdges[i]).boxed().toList());
        }
      }
      findings.sort(Comparator.comparingDouble(Finding::severity).reversed());
      int exceeded = (int) findings.stream().filter(Finding::drifted).count();
      return new MonitorResult(
          "monitor",
          exceeded > 0 ? JobResult.Status.DRIFT : JobResult.Status.SUCCEEDED,
          runId,
          started,
          Duration.between(started, Instant.now()).toMillis(),
          new MonitorResult.Model(modelUri, manifest.name(), manifest.algorithm()),
          new MonitorResult.Data(trainedOn, trainingInput.version(), rows(before)),
          new MonitorResult.Data(table, currentInput.version(), rows(after)),
          findings,
          exceeded,
          cfg.driftTable(),
          psiEdges,
          message(findings, exceeded));
    } finally {
      training.unpersist(false);
    }
  }

  /** The statistics of one slot from its counts on both sides. */
  static List<Finding> findings(
      Slot s,
      long[] before,
      long[] after,
      double[] fineEdges,
      double[] coarseEdges,
      Map<String, Double> thresholds) {
    List<Finding> out = new ArrayList<>();
    long[] b = Arrays.copyOfRange(before, DriftScan.FIRST, before.length);
    long[] a = Arrays.copyOfRange(after, DriftScan.FIRST, after.length);
    if (s.numeric()) {
      long[] cb = DriftMath.merge(b, fineEdges, coarseEdges);
      long[] ca = DriftMath.merge(a, fineEdges, coarseEdges);
      if (present(b, a)) {
        out.add(stat(s, "psi", DriftMath.psi(cb, ca), thresholds));
        out.add(stat(s, "ks", DriftMath.ks(b, a), thresholds));
      }
    } else {
      long[] pb = withOther(b, before[DriftScan.OTHER]);
      long[] pa = withOther(a, after[DriftScan.OTHER]);
      if (present(pb, pa)) {
        out.add(stat(s, "psi", DriftMath.psi(pb, pa), thresholds));
        if (s.measuresNulls()) {
          double unseen = share(after[DriftScan.OTHER], pa) - share(before[DriftScan.OTHER], pb);
          out.add(stat(s, "unseen_share", Math.max(0, unseen), thresholds));
        }
      }
    }
    if (s.measuresNulls()) {
      double change =
          Math.abs(
              (double) after[DriftScan.NULLS] / Math.max(1, total(after))
                  - (double) before[DriftScan.NULLS] / Math.max(1, total(before)));
      out.add(stat(s, "null_rate_change", change, thresholds));
    }
    return out;
  }

  private static Finding stat(Slot s, String statistic, double value, Map<String, Double> t) {
    return Finding.of(s.name(), s.kind(), statistic, value, t.get(statistic));
  }

  private List<Slot> slots(ModelManifest manifest, boolean labelled) {
    FeatureSignature sig = manifest.features();
    List<Slot> slots = new ArrayList<>();
    sig.numeric().forEach(n -> slots.add(Slot.numeric(n.name(), "numeric", n.name())));
    sig.categorical()
        .forEach(c -> slots.add(Slot.categorical(c.name(), "categorical", c.name(), c.values())));
    switch (sig.task()) {
      case "binary" ->
          slots.add(Slot.numeric(PREDICTION, "prediction", LeptonModelTransformer.PROBABILITY));
      case "regression" ->
          slots.add(Slot.numeric(PREDICTION, "prediction", LeptonModelTransformer.PREDICTION));
      default ->
          slots.add(
              Slot.categorical(
                  PREDICTION,
                  "prediction",
                  LeptonModelTransformer.PREDICTION,
                  IntStream.range(0, sig.classes().size()).mapToObj(i -> i + ".0").toList()));
    }
    if (labelled) {
      if (!sig.classification()) {
        slots.add(Slot.numeric(sig.label(), "label", sig.label()));
      } else {
        Object positive = manifest.params().get("positive-class");
        List<String> classes = positive == null ? sig.classes() : List.of(positive.toString());
        slots.add(Slot.categorical(sig.label(), "label", sig.label(), classes));
      }
    }
    return slots;
  }

  private static Dataset<Row> score(
      LeptonModelTransformer scorer, Dataset<Row> rows, FeatureSignature sig, boolean labelled) {
    List<Column> cols = new ArrayList<>();
    sig.inputColumns().forEach(c -> cols.add(rows.col(c)));
    if (labelled) {
      cols.add(rows.col(sig.label()));
    }
    return scorer.transform(rows.select(cols.toArray(new Column[0])));
  }

  private static boolean has(Dataset<Row> rows, String column) {
    return Arrays.stream(rows.schema().fieldNames()).anyMatch(n -> n.equalsIgnoreCase(column));
  }

  /** {@code 1/n, 2/n, ..., (n-1)/n}. */
  private static double[] grid(int n) {
    return IntStream.range(1, n).mapToDouble(i -> (double) i / n).toArray();
  }

  private static long[] withOther(long[] known, long other) {
    long[] out = Arrays.copyOf(known, known.length + 1);
    out[known.length] = other;
    return out;
  }

  private static boolean present(long[] b, long[] a) {
    return Arrays.stream(b).sum() > 0 && Arrays.stream(a).sum() > 0;
  }

  private static double share(long part, long[] all) {
    long n = Arrays.stream(all).sum();
    return n == 0 ? 0 : (double) part / n;
  }

  private static long total(long[] counts) {
    return Arrays.stream(counts).sum();
  }

  private static long rows(long[][] counts) {
    return counts.length == 0 ? 0 : total(counts[0]);
  }

  private static String message(List<Finding> findings, int exceeded) {
    if (exceeded == 0) {
      return "no drift: all "
          + findings.size()
          + " statistics are within their thresholds (lepton.monitor.thresholds)";
    }
    StringBuilder text =
        new StringBuilder(
            exceeded + " of " + findings.size() + " statistics above their thresholds: ");
    List<String> worst = new ArrayList<>();
    for (Finding f : findings) {
      if (f.drifted() && worst.size() < 3) {
        worst.add(
            String.format(
                Locale.ROOT,
                "%s %s %.3f > %s",
                f.feature(),
                f.statistic(),
                f.value(),
                trim(f.threshold())));
      }
    }
    return text.append(String.join(", ", worst)).append(exceeded > 3 ? ", ..." : "").toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static RunRecord record(
      JobRun job, MonitorConfig cfg, MonitorResult result, RuntimeException error) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("model", cfg.model());
    params.put("table", cfg.table());
    params.put("version", String.valueOf(cfg.version()));
    params.put("drift-table", cfg.driftTable());
    cfg.thresholds().forEach((k, v) -> params.put("threshold." + k, String.valueOf(v)));
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, Long> inputs = new LinkedHashMap<>();
    List<String> artifacts = List.of();
    if (result != null) {
      metrics.put("findings", (double) result.findings().size());
      metrics.put("exceeded", (double) result.exceeded());
      metrics.put("rows.training", (double) result.training().rows());
      metrics.put("rows.current", (double) result.current().rows());
      result.findings().stream()
          .filter(f -> f.statistic().equals("psi"))
          .mapToDouble(Finding::value)
          .max()
          .ifPresent(v -> metrics.put("maxPsi", v));
      inputs.put(result.current().table(), result.current().version());
      artifacts = List.of(result.driftTable());
    }
    return job.row(
        result != null ? result.status() : JobResult.Status.FAILED,
        params,
        metrics,
        inputs,
        artifacts,
        error == null ? null : Failures.describe(error));
  }
}
