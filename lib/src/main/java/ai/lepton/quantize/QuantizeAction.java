package ai.lepton.quantize;

import ai.lepton.LeptonVersion;
import ai.lepton.config.LeptonConfig;
import ai.lepton.internal.LocalFiles;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelException;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelInputTable;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import ai.lepton.onnx.OnnxPredictor;
import ai.lepton.onnx.OnnxSessions;
import ai.lepton.onnx.OnnxVersions;
import ai.lepton.onnx.OnnxWriter;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobRuns;
import ai.lepton.track.RunId;
import ai.lepton.track.RunsTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>What it touches besides its outputs: nothing of the session's. It sets neither SQL settings
 * nor the Hadoop configuration (model files go through {@code lepton.stores}' own clients; reading
 * a table on s3a:// or wasbs:// needs a session set up for it, as {@code LeptonSpark.session}
 * does), and what it caches is released when it returns.
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
    ai.lepton.spark.DurablePaths.require(
        spark, "lepton.quantize.output", cfg.output(), "s3a://my-bucket/lepton/models/churn-int8");
    long started = System.currentTimeMillis();
    String runId = RunId.next(Instant.ofEpochMilli(started));
    RunsTable runs = RunsTable.at(spark, config);
    try {
      QuantizeResult result = run(cfg, runId, started);
      runs.recordOrSay(result.runRecord(Instant.ofEpochMilli(started), cfg.model()), progress::say);
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
    Path work = ModelStaging.tempDir("lepton-quantize-");
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
      LocalFiles.deleteScratch(work);
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
    // Mixed precision ranks layers on rows the gate does not judge: the validation split.
    Rows validation =
        split.validation() > 0
            ? new Rows("validation", EncodedRow.encode(split.select(data, key, "validation"), sig))
            : new Rows("test", test);
    try {
      return quantize(
          cfg,
          manifest,
          sig,
          network,
          sample,
          test,
          testRows,
          validation,
          work,
          stores,
          runId,
          started);
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
      Rows validation,
      Path work,
      ObjectStores stores,
      String runId,
      long started) {
    String name = manifest.name() == null ? "model" : manifest.name();
    byte[] fp32 = OnnxWriter.write(network, sig, name);
    OnnxSessions.check(fp32, "The fp32 ONNX model of " + cfg.model());
    checkFp32(fp32, network, sample.take(256), cfg.model());
    DenseNetwork pruned = Quantizer.prune(network, cfg.sparsity());
    Set<Integer> keep = MixedPrecision.keepFp32(cfg, network);
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
              ? Quantizer.qdq(pruned, sig, ranges, name, keep)
              : Quantizer.dynamic(pruned, sig, name, keep);
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
    int chosen = FormChoice.choose(forms);
    QuantizeResult.Form pick = forms.get(chosen);
    List<String> fails = failures.get(chosen);
    String reason = FormChoice.reason(forms, chosen, ref);
    Scoring.Figures pickFigures = figures.get(names.indexOf(pick.form()));
    double speedRatio = pick.rowsPerSecondPerCore() / ref.rowsPerSecondPerCore();
    List<String> fp32Layers = Quantizer.layerNames(keep);
    QuantizeResult.Mixed mixed = null;
    if (!fails.isEmpty()
        && cfg.mixed().enabled()
        && pruneFailures.isEmpty()
        && !gates.quality("int8", ref, pickFigures).isEmpty()) {
      MixedPrecision search =
          new MixedPrecision(spark, cfg, gates, progress, pruned, sig, ranges, name, pick.form());
      QuantizeResult.Step start =
          search.step(pick.form(), fp32Layers, pick.bytes(), fp32.length, ref, ref, pickFigures);
      MixedPrecision.Outcome o =
          search.search(
              fp32,
              models.get(pick.form()),
              keep,
              start,
              ref,
              validation.rows(),
              validation.name(),
              test);
      mixed = o.record();
      reason = reason + "; " + mixed.reason();
      if (o.passed()) {
        QuantizeResult.Step s = o.step();
        models.put(s.form(), o.model());
        pick =
            new QuantizeResult.Form(
                s.form(), s.bytes(), s.metric(), s.agreement(), s.rowsPerSecondPerCore(), true);
        speedRatio = s.speedRatio();
        fp32Layers = s.fp32Layers();
        fails = List.of();
      } else {
        fails = new ArrayList<>(fails);
        fails.add(mixed.reason());
      }
    }
    boolean passed = fails.isEmpty();
    QuantizeResult.Gate gate =
        new QuantizeResult.Gate(
            passed,
            !passed && force,
            pick.agreement(),
            gates.drop(ref.metric(), pick.metric()),
            (double) fp32.length / pick.bytes(),
            speedRatio,
            gates.metricName(),
            fails);
    boolean exportable = passed || force;
    Map<String, Object> quantization = new LinkedHashMap<>();
    quantization.put("form", pick.form());
    quantization.put("reason", reason);
    quantization.put(
        "weights",
        fp32Layers.isEmpty()
            ? "int8 symmetric per output channel"
            : "int8 symmetric per output channel, except "
                + String.join(", ", fp32Layers)
                + " kept fp32");
    quantization.put("fp32Layers", fp32Layers);
    if (mixed != null) {
      quantization.put("mixedPrecision", mixed);
    }
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
    ModelStaging.write(staging.resolve("model/model.onnx"), models.get(pick.form()));
    ModelStaging.write(staging.resolve(FP32_FILE), fp32);
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
    ModelStaging.publish(staging, out, cfg.output(), stores);
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
        System.currentTimeMillis() - started,
        mixed);
  }

  /** Rows of a named split. */
  private record Rows(String name, JavaRDD<EncodedRow> rows) {}

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
    ModelStaging.copyTree(source, staging);
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
    ModelStaging.publish(staging, out, cfg.output(), stores);
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
        System.currentTimeMillis() - started,
        null);
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
    ModelInputTable in = ModelInputTable.of(cfg.table(), cfg.version(), manifest);
    if (in.missing()) {
      throw new QuantizeException(
          "No data to calibrate and test on: the model at "
              + cfg.model()
              + " names no input table. Set lepton.quantize.data.table.");
    }
    try {
      return in.read(spark);
    } catch (Exception e) {
      throw new QuantizeException(
          "Cannot read the Delta table "
              + in
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
}
