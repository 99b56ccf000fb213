package ai.lepton.monitor;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.spark.DurablePaths;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobAction;
import ai.lepton.track.JobRun;
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
        (result, error) ->
            result != null
                ? result.runRecord(job, cfg.runParams())
                : job.failed(cfg.runParams(), error));
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
    List<Slot> slots = Slot.all(manifest, labelled);

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
              c -> String.format(Locale.ROOT, "%,d rows", Findings.rows(c)));
      Dataset<Row> current =
          DriftScan.prepare(score(scorer, currentInput.rows(), sig, labelled), slots);
      long[][] after =
          progress.step(
              "counting version " + currentInput.version() + " of " + table,
              () -> DriftScan.count(current, slots, fineEdges),
              c -> String.format(Locale.ROOT, "%,d rows", Findings.rows(c)));
      List<Finding> findings = new ArrayList<>();
      Map<String, List<Double>> psiEdges = new LinkedHashMap<>();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        findings.addAll(
            Findings.of(s, before[i], after[i], fineEdges[i], coarseEdges[i], cfg.thresholds()));
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
          new MonitorResult.Data(trainedOn, trainingInput.version(), Findings.rows(before)),
          new MonitorResult.Data(table, currentInput.version(), Findings.rows(after)),
          findings,
          exceeded,
          cfg.driftTable(),
          psiEdges,
          Findings.message(findings, exceeded));
    } finally {
      training.unpersist(false);
    }
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
}
