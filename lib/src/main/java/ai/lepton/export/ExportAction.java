package ai.lepton.export;

import ai.lepton.JobResult;
import ai.lepton.config.LeptonConfig;
import ai.lepton.internal.Checksums;
import ai.lepton.internal.LocalFiles;
import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelFormat;
import ai.lepton.model.ModelManifest;
import ai.lepton.storage.ObjectStores;
import ai.lepton.track.JobRun;
import ai.lepton.track.RunsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Packages a model directory for each target of {@code lepton.export} and publishes it, verified:
 * {@code Lepton.export(config).execute()}. Needs no Spark session.
 *
 * <p>Steps: fetch the model and check every file against its {@code lepton-model.json}; refuse it
 * when its gate failed unless forced; build every target's files locally; check every target's
 * store (and whether the version is already there) before the first upload; then per target upload
 * the files (skipping those already stored with the right SHA-256), write {@code manifest.json}
 * last and move the {@code latest} pointer; finally write {@code routing.json} when there are
 * several targets.
 *
 * <p>The version defaults to the model's run id (so exporting the same model directory again is the
 * same version, and uploads nothing), else {@code sha-} and 12 hex digits of the SHA-256 of its
 * files' checksums.
 */
public final class ExportAction {

  private final LeptonConfig config;
  private Boolean force;
  private ObjectStores stores;
  private Consumer<String> log = line -> {};
  private Consumer<String> onUpload = uri -> {};
  private RunsTable runs;

  /** An export per {@code config}'s {@code lepton.export} settings. */
  public ExportAction(LeptonConfig config) {
    this.config = config;
  }

  /** Export even when the model's verification gate failed (overrides {@code force}). */
  public ExportAction force(boolean force) {
    this.force = force;
    return this;
  }

  /** The stores to publish with (default: {@code lepton.stores}, closed at the end). */
  public ExportAction stores(ObjectStores stores) {
    this.stores = stores;
    return this;
  }

  /** Where progress lines go. */
  public ExportAction log(Consumer<String> log) {
    this.log = log;
    return this;
  }

  /** Called after each model file is uploaded and verified, with its location (tests, progress). */
  public ExportAction onUpload(Consumer<String> onUpload) {
    this.onUpload = onUpload;
    return this;
  }

  /**
   * Record this run in {@code runs} (default: not recorded, since export itself needs no Spark).
   */
  public ExportAction runs(RunsTable runs) {
    this.runs = runs;
    return this;
  }

  /** Runs the export. */
  public ExportResult execute() {
    ExportConfig cfg = ExportConfig.from(config);
    boolean forced = force != null ? force : cfg.force();
    JobRun job = JobRun.start("export", runs).saying(log);
    boolean ownStores = stores == null;
    ObjectStores s = ownStores ? ObjectStores.from(config) : stores;
    cfg.targets().forEach(t -> s.forUri(t.uri()));
    Path staging = tempDir();
    try {
      return job.execute(
          () -> run(cfg, forced, job.id(), job.started(), s, staging),
          (result, error) ->
              result != null
                  ? result.runRecord(job)
                  : job.failed(Map.of("model", cfg.model()), error));
    } finally {
      LocalFiles.deleteScratch(staging);
      if (ownStores) {
        s.close();
      }
    }
  }

  private ExportResult run(
      ExportConfig cfg,
      boolean force,
      String runId,
      Instant started,
      ObjectStores s,
      Path staging) {
    log.accept("fetching and verifying the model at " + cfg.model());
    ModelManifest m = ModelDirectory.fetch(cfg.model(), s, staging.resolve("model"));
    String name = cfg.name().isEmpty() ? m.name() : cfg.name();
    ExportConfig.checkSafe(ExportConfig.PREFIX + ".name", "model name", String.valueOf(name));
    String version = cfg.version().isEmpty() ? defaultVersion(m) : cfg.version();
    ExportConfig.checkSafe(ExportConfig.PREFIX + ".version", "version", version);
    ExportConfig.checkSageMakerName(name, version, cfg.targets());
    SourceModel model = new SourceModel(cfg.model(), staging.resolve("model"), m, name, version);
    boolean usedForce = !m.exportable() && gated(m, cfg);
    ExportResult.Model reported =
        new ExportResult.Model(
            name, version, cfg.model(), m.format().id(), m.algorithm(), usedForce && force);
    if (usedForce && !force) {
      String why = m.gate() == null ? "it is marked not exportable" : m.gate().reason();
      return refused(
          runId,
          started,
          "Refused to export "
              + cfg.model()
              + ": its verification gate failed ("
              + why
              + "). Nothing was published. Fix the model, or set lepton.export.force = true"
              + " (--force) to export it anyway; manifest.json will say it was forced.",
          reported);
    }
    cfg.targets().forEach(t -> ServingLayouts.checkServes(t, model));
    XgboostModelFile xgboost =
        m.format() == ModelFormat.XGBOOST ? XgboostModelFile.of(readModelFile(model)) : null;
    Optional<String> tooOld =
        xgboost == null
            ? Optional.empty()
            : XgboostCompatibility.refusal(xgboost, cfg.targets(), cfg.model());
    if (tooOld.isPresent() && !force) {
      return refused(runId, started, tooOld.get(), reported);
    }
    ServingLayouts layouts = new ServingLayouts(model, xgboost, staging.resolve("targets"));
    List<StagedTarget> staged = new ArrayList<>();
    for (ExportTarget t : cfg.targets()) {
      staged.add(layouts.stage(t));
    }
    Publisher publisher = new Publisher(s, log, onUpload);
    List<Optional<ExportManifest>> existing = new ArrayList<>();
    for (ExportTarget t : cfg.targets()) {
      existing.add(publisher.existing(t, name, version));
    }
    List<ExportResult.Target> published = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < staged.size(); i++) {
      StagedTarget st = staged.get(i);
      ExportManifest.Xgboost xgb =
          xgboost == null ? null : XgboostCompatibility.describe(xgboost, st.target(), force);
      ExportManifest manifest =
          ExportManifests.of(
              model, st, usedForce, xgb, runId, existing.get(i).map(ExportManifest::createdAt));
      published.add(publisher.publish(st, manifest, existing.get(i)));
      st.notes().forEach(n -> notes.add(st.target().name() + ": " + n));
    }
    List<ExportResult.Route> routes = List.of();
    if (cfg.targets().size() > 1) {
      RoutingFiles.Written routing = RoutingFiles.write(publisher, name, version, cfg, published);
      routes = routing.routes();
      notes.addAll(routing.notes());
    }
    long uploaded = published.stream().mapToLong(ExportResult.Target::uploadedBytes).sum();
    boolean upToDate = published.stream().allMatch(ExportResult.Target::upToDate);
    String message =
        (upToDate
                ? name + " " + version + " is already published with the same checksums on "
                : "Exported " + name + " " + version + " to ")
            + published.size()
            + " target(s); "
            + (upToDate ? "nothing uploaded" : uploaded + " bytes uploaded, every file verified")
            + (reported.forced() ? " (forced: its gate failed)" : "");
    return new ExportResult(
        "export",
        JobResult.Status.SUCCEEDED,
        runId,
        started,
        elapsed(started),
        message,
        reported,
        published,
        routes,
        notes);
  }

  /**
   * Whether the model's gate applies: always, except for a quantized ONNX model published only in
   * its fp32 form (the gate's baseline), which the int8 gate does not judge.
   */
  private static boolean gated(ModelManifest m, ExportConfig cfg) {
    return m.format() != ModelFormat.ONNX
        || m.quantization() == null
        || cfg.targets().stream().anyMatch(t -> t.onnxForms().contains(ExportTarget.INT8));
  }

  private static byte[] readModelFile(SourceModel model) {
    try {
      return Files.readAllBytes(model.file(ServingLayouts.XGBOOST_FILE));
    } catch (IOException e) {
      throw ExportErrors.io(
          "read " + ServingLayouts.XGBOOST_FILE + " of the model " + model.uri(),
          e,
          "Export a model directory written by lepton train.");
    }
  }

  /** The default version: the model's run id, else a digest of its files' checksums. */
  static String defaultVersion(ModelManifest m) {
    if (m.runId() != null && !m.runId().isBlank()) {
      return m.runId();
    }
    StringBuilder all = new StringBuilder();
    m.files().forEach((k, v) -> all.append(k).append(' ').append(v.sha256()).append('\n'));
    return "sha-" + Checksums.sha256Hex(all.toString()).substring(0, 12);
  }

  /** A refusal: nothing was published. */
  private static ExportResult refused(
      String runId, Instant started, String message, ExportResult.Model model) {
    return new ExportResult(
        "export",
        JobResult.Status.REFUSED,
        runId,
        started,
        elapsed(started),
        message,
        model,
        List.of(),
        List.of(),
        List.of());
  }

  private static long elapsed(Instant started) {
    return Duration.between(started, Instant.now()).toMillis();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("lepton-export-");
    } catch (IOException e) {
      throw ExportErrors.staging("create a temporary folder to stage the export", e);
    }
  }
}
