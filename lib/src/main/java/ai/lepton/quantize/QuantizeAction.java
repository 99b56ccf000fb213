package ai.lepton.quantize;

import ai.lepton.LeptonVersion;
import ai.lepton.config.LeptonConfig;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelException;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxSessions;
import ai.lepton.onnx.OnnxVersions;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobRuns;
import ai.lepton.track.RunId;
import ai.lepton.track.RunsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Quantizes a trained model to int8 and proves it on the test split before it may be exported:
 * reads the source model directory, calibrates activation ranges on a sample of the training split,
 * builds each configured ONNX form, scores the test split with fp32 and every form on Spark, picks
 * a form, applies the gate, and publishes the model directory (model first, manifest last). Build
 * with {@code Lepton.with(spark).quantize(config)}, then {@link #execute()}.
 */
public final class QuantizeAction {

  /** The fp32 ONNX model the gate measured the int8 form against, kept beside it for export. */
  public static final String FP32_FILE = "model/model-fp32.onnx";

  /** Largest difference allowed between the fp32 ONNX model and the source network's outputs. */
  public static final double FP32_TOLERANCE = 1e-4;

  private final SparkSession spark;
  private final LeptonConfig config;
  private boolean force;
  private Progress progress;

  /** A quantization as configured in {@code lepton.quantize}. */
  public QuantizeAction(SparkSession spark, LeptonConfig config) {
    this.spark = spark;
    this.config = config;
    this.progress = Progress.silent("quantize", spark);
  }

  /** Keep the model exportable even when the gate fails (recorded as {@code gate.forced}). */
  public QuantizeAction force(boolean force) {
    this.force = force;
    return this;
  }

  /** Where progress lines go. */
  public QuantizeAction progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** Runs the quantization and the gate. */
  public QuantizeResult execute() {
    QuantizeConfig cfg = QuantizeConfig.from(config);
    long started = System.currentTimeMillis();
    String runId = RunId.next(Instant.ofEpochMilli(started));
    RunsTable runs = RunsTable.at(spark, config);
    try {
      QuantizeResult result = run(cfg, runId, started);
      runs.recordOrSay(
          JobRuns.quantize(result, Instant.ofEpochMilli(started), cfg.model()), progress::say);
      return result;
    } catch (RuntimeException e) {
      runs.recordOrSay(
          JobRuns.failed(
              "quantize", runId, Instant.ofEpochMilli(started), Map.of("model", cfg.model()), e),
          progress::say);
      ai.lepton.track.RunFailure.tag(e, runId);
      throw e;
    }
  }

  private QuantizeResult run(QuantizeConfig cfg, String runId, long started) {
    ObjectStores stores = ObjectStores.from(config);
    Path work = tempDir();
    try {
      Path source = work.resolve("source");
      String resolved = ModelDirectory.resolve(cfg.model(), stores);
      ModelManifest manifest =
          progress.step(
              "fetching " + cfg.model(),
              () -> ModelDirectory.fetch(resolved, stores, source),
              m -> m.format().id() + " " + m.algorithm());
      String passReason = SourceModel.passThroughReason(manifest);
      if (passReason != null) {
        return passThrough(cfg, manifest, source, work, stores, runId, passReason, started);
      }
      return quantize(cfg, manifest, source, resolved, work, stores, runId, started);
    } finally {
      deleteTree(work);
    }
  }

  private QuantizeResult quantize(
      QuantizeConfig cfg,
      ModelManifest manifest,
      Path source,
      String sourceUri,
      Path work,
      ObjectStores stores,
      String runId,
      long started) {
    FeatureSignature sig = manifest.features();
    if (sig == null) {
      throw new QuantizeException(
          "The model at " + cfg.model() + " has no feature signature in its lepton-model.json.");
    }
    DenseNetwork network = SourceModel.network(manifest, source, sourceUri);
    if (network.inputs() != sig.encodedSize()) {
      throw new QuantizeException(
          "The model at "
              + cfg.model()
              + " takes "
              + network.inputs()
              + " inputs but its feature signature encodes "
              + sig.encodedSize()
              + ". Train it again.");
    }
    Dataset<Row> data = readData(cfg, manifest);
    String key = sig.key();
    // The gate must score the rows training held out: the split the model records wins.
    SplitRule split = SplitRule.of(manifest, cfg.split());
    JavaRDD<float[]> sample =
        progress.step(
            "sampling the training split for calibration",
            () -> calibrationSample(cfg, split, data, key, sig),
            r -> r.count() + " rows");
    JavaRDD<EncodedRow> test = EncodedRow.encode(split.select(data, key, "test"), sig).cache();
    long testRows = progress.step("encoding the test split", test::count, n -> n + " rows");
    try {
      return quantize(
          cfg, manifest, sig, network, sample, test, testRows, work, stores, runId, started);
    } finally {
      sample.unpersist(false);
      test.unpersist(false);
    }
  }

  private QuantizeResult quantize(
      QuantizeConfig cfg,
      ModelManifest manifest,
      FeatureSignature sig,
      DenseNetwork network,
      JavaRDD<float[]> sample,
      JavaRDD<EncodedRow> test,
      long testRows,
      Path work,
      ObjectStores stores,
      String runId,
      long started) {
    String name = manifest.name() == null ? "model" : manifest.name();
    byte[] fp32 = OnnxWriter.write(network, sig, name);
    OnnxSessions.check(fp32, "The fp32 ONNX model of " + cfg.model());
    checkFp32(fp32, network, sample.take(256), cfg.model());
    DenseNetwork pruned = Quantizer.prune(network, cfg.sparsity());
    Calibration.Ranges ranges =
        progress.step(
            "calibrating activations (" + cfg.method() + ")",
            () -> Calibration.calibrate(sample, pruned, cfg.method(), cfg.percentile()),
            r -> r.rows() + " rows");
    Map<String, byte[]> models = new LinkedHashMap<>();
    models.put("fp32", fp32);
    if (cfg.sparsity() > 0) {
      models.put("pruned", OnnxWriter.write(pruned, sig, name));
    }
    for (String form : cfg.forms()) {
      byte[] q =
          form.equals("qdq")
              ? Quantizer.qdq(pruned, sig, ranges, name)
              : Quantizer.dynamic(pruned, sig, name);
      OnnxSessions.check(q, "The " + form + " ONNX model");
      models.put(form, q);
    }
    List<OnnxPredictor> predictors = new ArrayList<>();
    models.values().forEach(b -> predictors.add(OnnxPredictor.broadcast(spark, b)));
    List<Scoring.Figures> figures =
        progress.step(
            "scoring the test split with " + String.join(", ", models.keySet()),
            () -> Scoring.run(test, predictors, sig.task(), cfg.batchRows(), cfg.gate().timingMs()),
            f -> "done");
    predictors.forEach(p -> OnnxSessions.evict(p.sha256()));
    List<String> names = new ArrayList<>(models.keySet());
    Scoring.Figures ref = figures.get(0);
    Gates gates = new Gates(cfg.gate(), sig.task());
    List<String> pruneFailures = new ArrayList<>();
    if (cfg.sparsity() > 0) {
      Scoring.Figures p = figures.get(names.indexOf("pruned"));
      pruneFailures = gates.quality("pruning", ref, p);
    }
    List<QuantizeResult.Form> forms = new ArrayList<>();
    List<List<String>> failures = new ArrayList<>();
    for (String form : cfg.forms()) {
      Scoring.Figures f = figures.get(names.indexOf(form));
      List<String> fails = new ArrayList<>(pruneFailures);
      fails.addAll(gates.quality("int8", ref, f));
      fails.addAll(gates.efficiency(fp32.length, models.get(form).length, ref, f));
      failures.add(fails);
      forms.add(
          new QuantizeResult.Form(
              form,
              models.get(form).length,
              f.metric(),
              f.agreement(),
              f.rowsPerSecondPerCore(),
              fails.isEmpty()));
    }
    int chosen = choose(forms);
    QuantizeResult.Form pick = forms.get(chosen);
    List<String> fails = failures.get(chosen);
    boolean passed = fails.isEmpty();
    String reason = reason(forms, chosen, ref);
    QuantizeResult.Gate gate =
        new QuantizeResult.Gate(
            passed,
            !passed && force,
            pick.agreement(),
            gates.drop(ref.metric(), pick.metric()),
            (double) fp32.length / pick.bytes(),
            pick.rowsPerSecondPerCore() / ref.rowsPerSecondPerCore(),
            gates.metricName(),
            fails);
    boolean exportable = passed || force;
    Map<String, Object> quantization = new LinkedHashMap<>();
    quantization.put("form", pick.form());
    quantization.put("reason", reason);
    quantization.put("weights", "int8 symmetric per output channel");
    quantization.put(
        "activations",
        pick.form().equals("qdq")
            ? "uint8 asymmetric per tensor, calibrated " + method(cfg)
            : "uint8 per batch at run time (DynamicQuantizeLinear)");
    quantization.put("calibrationRows", ranges.rows());
    quantization.put("pruneSparsity", cfg.sparsity());
    quantization.put("irVersion", OnnxVersions.IR_VERSION);
    quantization.put("opset", OnnxVersions.OPSET);
    quantization.put("fp32Bytes", fp32.length);
    quantization.put("fp32RowsPerSecondPerCore", ref.rowsPerSecondPerCore());
    for (QuantizeResult.Form f : forms) {
      quantization.put(f.form() + "RowsPerSecondPerCore", f.rowsPerSecondPerCore());
      quantization.put(f.form() + "Bytes", f.bytes());
    }
    Map<String, Double> gateFigures = new LinkedHashMap<>();
    gateFigures.put("agreement", gate.agreement());
    gateFigures.put("metricDrop", gate.metricDrop());
    gateFigures.put("sizeRatio", gate.sizeRatio());
    gateFigures.put("speedRatio", gate.speedRatio());
    gateFigures.put("fp32." + gates.metricName(), ref.metric());
    gateFigures.put("int8." + gates.metricName(), pick.metric());
    if (cfg.sparsity() > 0) {
      Scoring.Figures p = figures.get(names.indexOf("pruned"));
      gateFigures.put("prune.agreement", p.agreement());
      gateFigures.put("prune.metricDrop", gates.drop(ref.metric(), p.metric()));
    }
    Map<String, Double> thresholds = new LinkedHashMap<>();
    thresholds.put("min-agreement", cfg.gate().minAgreement());
    thresholds.put("max-metric-drop", cfg.gate().maxMetricDrop());
    thresholds.put("min-size-ratio", cfg.gate().minSizeRatio());
    thresholds.put("min-speed-ratio", cfg.gate().minSpeedRatio());
    ModelManifest.Gate manifestGate =
        new ModelManifest.Gate(
            passed, gate.forced(), gateFigures, thresholds, String.join("; ", fails));
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>(manifest.metrics());
    metrics.put("test", Map.of(gates.metricName(), pick.metric()));
    Path staging = work.resolve("staging");
    write(staging.resolve("model/model.onnx"), models.get(pick.form()));
    write(staging.resolve(FP32_FILE), fp32);
    ModelManifest out =
        new ModelManifest(
            ModelManifest.FORMAT_VERSION,
            name + "-int8",
            manifest.algorithm(),
            ModelFormat.ONNX,
            sig,
            manifest.params(),
            metrics,
            manifest.input(),
            runId,
            Instant.now().toString(),
            LeptonVersion.lepton(),
            null,
            lineage(manifest, cfg, runId),
            quantization,
            manifestGate,
            exportable);
    publish(staging, out, cfg.output(), stores);
    return new QuantizeResult(
        "quantize",
        passed ? "succeeded" : "failed",
        runId,
        pick.form(),
        reason,
        gate,
        new QuantizeResult.Side(fp32.length, ref.metric(), ref.rowsPerSecondPerCore()),
        new QuantizeResult.Side(pick.bytes(), pick.metric(), pick.rowsPerSecondPerCore()),
        forms,
        new QuantizeResult.Model(cfg.output(), exportable),
        ranges.rows(),
        testRows,
        System.currentTimeMillis() - started);
  }

  /** The form to keep: the fastest that passes; else the fastest that keeps quality; else best. */
  static int choose(List<QuantizeResult.Form> forms) {
    Comparator<QuantizeResult.Form> rank =
        Comparator.comparing(QuantizeResult.Form::passed)
            .thenComparingDouble(QuantizeResult.Form::agreement)
            .thenComparingDouble(QuantizeResult.Form::rowsPerSecondPerCore);
    Comparator<QuantizeResult.Form> passedFastest =
        Comparator.comparing(QuantizeResult.Form::passed)
            .thenComparingDouble(QuantizeResult.Form::rowsPerSecondPerCore);
    boolean anyPassed = forms.stream().anyMatch(QuantizeResult.Form::passed);
    Comparator<QuantizeResult.Form> c = anyPassed ? passedFastest : rank;
    int best = 0;
    for (int i = 1; i < forms.size(); i++) {
      if (c.compare(forms.get(i), forms.get(best)) > 0) {
        best = i;
      }
    }
    return best;
  }

  private static String reason(List<QuantizeResult.Form> forms, int chosen, Scoring.Figures ref) {
    StringBuilder s = new StringBuilder();
    for (QuantizeResult.Form f : forms) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(
          String.format(
              Locale.ROOT,
              "%s %.2fx fp32 rows/s, agreement %.4f, %s",
              f.form(),
              f.rowsPerSecondPerCore() / ref.rowsPerSecondPerCore(),
              f.agreement(),
              f.passed() ? "passes" : "fails"));
    }
    QuantizeResult.Form pick = forms.get(chosen);
    String why =
        forms.size() == 1
            ? "the only form configured"
            : pick.passed() ? "the fastest form that passes the gate" : "no form passes the gate";
    return "chose " + pick.form() + ", " + why + " (" + s + ")";
  }

  private QuantizeResult passThrough(
      QuantizeConfig cfg,
      ModelManifest manifest,
      Path source,
      Path work,
      ObjectStores stores,
      String runId,
      String reason,
      long started) {
    Path staging = work.resolve("staging");
    copyTree(source, staging);
    Map<String, Object> quantization = new LinkedHashMap<>();
    quantization.put("form", "none");
    quantization.put("reason", reason);
    ModelManifest out =
        new ModelManifest(
            manifest.formatVersion(),
            manifest.name(),
            manifest.algorithm(),
            manifest.format(),
            manifest.features(),
            manifest.params(),
            manifest.metrics(),
            manifest.input(),
            runId,
            Instant.now().toString(),
            LeptonVersion.lepton(),
            null,
            lineage(manifest, cfg, runId),
            quantization,
            manifest.gate(),
            manifest.exportable());
    publish(staging, out, cfg.output(), stores);
    QuantizeResult.Gate gate =
        new QuantizeResult.Gate(true, false, null, null, null, null, null, List.of());
    return new QuantizeResult(
        "quantize",
        "succeeded",
        runId,
        "none",
        reason,
        gate,
        null,
        null,
        List.of(),
        new QuantizeResult.Model(cfg.output(), manifest.exportable()),
        0,
        0,
        System.currentTimeMillis() - started);
  }

  private static Map<String, String> lineage(
      ModelManifest manifest, QuantizeConfig cfg, String runId) {
    Map<String, String> l = new LinkedHashMap<>(manifest.lineage());
    if (manifest.runId() != null) {
      l.putIfAbsent("trainRunId", manifest.runId());
    }
    l.put("sourceModel", cfg.model());
    l.put("quantizeRunId", runId);
    return l;
  }

  private Dataset<Row> readData(QuantizeConfig cfg, ModelManifest manifest) {
    String table = cfg.table();
    long version = cfg.version();
    if (table.isEmpty() && manifest.input() != null) {
      table = manifest.input().table();
    }
    if (version < 0 && manifest.input() != null && table.equals(manifest.input().table())) {
      version = manifest.input().version();
    }
    if (table == null || table.isEmpty()) {
      throw new QuantizeException(
          "No data to calibrate and test on: the model at "
              + cfg.model()
              + " names no input table. Set lepton.quantize.data.table.");
    }
    try {
      var reader = spark.read().format("delta");
      if (version >= 0) {
        reader = reader.option("versionAsOf", version);
      }
      return reader.load(table);
    } catch (Exception e) {
      throw new QuantizeException(
          "Cannot read the Delta table "
              + table
              + (version >= 0 ? " at version " + version : "")
              + ": "
              + e.getMessage()
              + ". Fix lepton.quantize.data.table / data.version.",
          e);
    }
  }

  private static JavaRDD<float[]> calibrationSample(
      QuantizeConfig cfg, SplitRule split, Dataset<Row> data, String key, FeatureSignature sig) {
    Dataset<Row> train = split.select(data, key, "train");
    long rows = train.count();
    double fraction = rows == 0 ? 1.0 : Math.min(1.0, cfg.sampleRows() * 1.1 / rows);
    Dataset<Row> sampled = fraction >= 1.0 ? train : train.sample(false, fraction, 7L);
    return EncodedRow.encode(sampled.limit((int) cfg.sampleRows()), sig)
        .map(EncodedRow::features)
        .cache();
  }

  /** Checks that the fp32 ONNX model gives the source network's outputs. */
  static void checkFp32(byte[] fp32, DenseNetwork network, List<float[]> rows, String uri) {
    if (rows.isEmpty()) {
      return;
    }
    float[][] onnx = OnnxPredictor.of(fp32).predict(rows.toArray(float[][]::new));
    double worst = 0;
    for (int r = 0; r < rows.size(); r++) {
      float[] expected = network.apply(rows.get(r));
      for (int k = 0; k < expected.length; k++) {
        worst = Math.max(worst, Math.abs(expected[k] - onnx[r][k]));
      }
    }
    if (worst > FP32_TOLERANCE) {
      throw new ModelException(
          "The fp32 ONNX model of "
              + uri
              + " differs from the source model by up to "
              + worst
              + " (allowed "
              + FP32_TOLERANCE
              + "). This is a Lepton bug; please report it with the model.");
    }
  }

  private static String method(QuantizeConfig cfg) {
    return cfg.method().equals("percentile")
        ? "percentile " + cfg.percentile() + " of |x|"
        : "min/max";
  }

  /**
   * Seals {@code staging} and publishes it to {@code uri}: any model already there loses its
   * manifest first (so no reader sees old and new files mixed), then its files; the new files go
   * up, and the manifest last.
   */
  static void publish(Path staging, ModelManifest manifest, String uri, ObjectStores stores) {
    ModelDirectory.seal(staging, manifest);
    String prefix = ModelDirectory.child(uri, "");
    ObjectStore store = stores.forUri(prefix);
    String existing = ModelDirectory.child(uri, ModelManifest.FILE);
    if (store.exists(existing)) {
      store.delete(existing);
    }
    for (ObjectInfo info : store.list(prefix)) {
      store.delete(info.uri());
    }
    ModelDirectory.publish(staging, uri, stores);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("lepton-quantize-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!p.getFileName().toString().equals(ModelManifest.FILE)) {
          Files.createDirectories(t.getParent());
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp folder left behind is not worth failing the run for
    }
  }
}
