package ai.lepton.train;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lepton.train}, read and checked before any Spark work: a bad value is a {@link
 * ConfigException} naming the key.
 *
 * @param table the Delta table to train on
 * @param version the Delta version, or -1 for the latest
 * @param features the feature spec
 * @param split the split fractions and seed
 * @param algorithm one of {@link #ALGORITHMS}
 * @param params the chosen algorithm's parameters, by key as in config
 * @param modelName the model's name
 * @param modelUri where model directories are published ({@code <modelUri>/<runId>})
 */
public record TrainConfig(
    String table,
    long version,
    Features features,
    Split split,
    String algorithm,
    Map<String, Object> params,
    String modelName,
    String modelUri) {

  /** The algorithms {@code lepton.train.algorithm} accepts. */
  public static final List<String> ALGORITHMS =
      List.of(
          "mllib.logistic-regression", "mllib.gbt", "mllib.random-forest", "xgboost", "djl.mlp");

  /** The tasks {@code lepton.train.features.task} accepts. */
  public static final List<String> TASKS = List.of("binary", "multiclass", "regression");

  /** The feature spec of {@code lepton.train.features}. */
  public record Features(
      String key,
      String label,
      String task,
      String positiveClass,
      List<String> numeric,
      List<String> categorical,
      List<String> logNumeric,
      int maxCategories,
      String nullPolicy) {

    /** True for binary or multiclass. */
    public boolean classification() {
      return !"regression".equals(task);
    }
  }

  /** Validation and test fractions of the deterministic split, and its seed. */
  public record Split(double validation, double test, long seed) {}

  /** Reads and checks {@code lepton.train}. */
  public static TrainConfig from(LeptonConfig config) {
    Settings s = Settings.at(config.raw(), "lepton.train");
    String table = s.requiredString("input.table", "\"lepton-demo/tables/accounts_golden\"");
    long version = s.whole("input.version");
    if (version < -1) {
      throw new ConfigException(
          s.key("input.version") + " must be -1 (latest) or a Delta version >= 0, got " + version);
    }
    Features features = features(s);
    Split split = split(s);
    String algorithm = oneOf(s, "algorithm", ALGORITHMS);
    if (algorithm.equals("mllib.gbt") && features.task().equals("multiclass")) {
      throw new ConfigException(
          "mllib.gbt trains binary classifiers and regressors only, but "
              + s.key("features.task")
              + " is multiclass. Use mllib.random-forest, mllib.logistic-regression or xgboost, or"
              + " a binary task.");
    }
    Map<String, Object> params = params(s, algorithm);
    String name = s.string("model.name").trim();
    if (name.length() > 255) {
      throw new ConfigException(
          s.key("model.name")
              + " is "
              + name.length()
              + " characters long; it becomes a folder name, which may have at most 255 bytes."
              + " Choose a shorter name.");
    }
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          s.key("model.name") + " must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    String uri = s.string("model.uri").trim();
    if (uri.isEmpty()) {
      uri = ai.lepton.spark.DurablePaths.workDir(config).resolve("models").resolve(name).toString();
    }
    return new TrainConfig(table, version, features, split, algorithm, params, name, uri);
  }

  private static Features features(Settings s) {
    String key = s.requiredString("features.key", "\"id\"");
    String label = s.requiredString("features.label", "\"status\"");
    String task = oneOf(s, "features.task", TASKS);
    List<String> numeric = s.strings("features.numeric");
    List<String> categorical = s.strings("features.categorical");
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw new ConfigException(
          "No features: set "
              + s.key("features.numeric")
              + " and/or "
              + s.key("features.categorical")
              + ", e.g. numeric = [\"balance\"]");
    }
    List<String> all = new ArrayList<>(numeric);
    all.addAll(categorical);
    for (String c : all) {
      if (c.equalsIgnoreCase(label) || c.equalsIgnoreCase(key)) {
        throw new ConfigException(
            "Column '"
                + c
                + "' is the label or key and cannot also be a feature. Remove it from "
                + s.key("features.numeric")
                + " / "
                + s.key("features.categorical"));
      }
    }
    if (Set.copyOf(all).size() != all.size()) {
      throw new ConfigException(
          "A feature column is listed twice in "
              + s.key("features.numeric")
              + " / "
              + s.key("features.categorical")
              + ": "
              + all);
    }
    List<String> logNumeric = s.strings("features.log-numeric");
    for (String c : logNumeric) {
      if (!numeric.contains(c)) {
        throw new ConfigException(
            "Column '"
                + c
                + "' is in "
                + s.key("features.log-numeric")
                + " but not in "
                + s.key("features.numeric")
                + " "
                + numeric
                + ". Add it there too, or remove it.");
      }
    }
    long maxCategories = s.whole("features.max-categories");
    if (maxCategories < 1 || maxCategories > 10_000) {
      throw new ConfigException(
          s.key("features.max-categories") + " must be between 1 and 10000, got " + maxCategories);
    }
    String positive = s.string("features.positive-class").trim();
    if (!positive.isEmpty() && !task.equals("binary")) {
      throw new ConfigException(
          s.key("features.positive-class") + " applies to task = binary only; clear it.");
    }
    String nullPolicy = oneOf(s, "features.null-policy", List.of("drop", "impute"));
    return new Features(
        key,
        label,
        task,
        positive,
        numeric,
        categorical,
        logNumeric,
        (int) maxCategories,
        nullPolicy);
  }

  private static Split split(Settings s) {
    double validation = s.number("split.validation");
    double test = s.number("split.test");
    if (validation < 0 || test < 0 || validation + test >= 0.9) {
      throw new ConfigException(
          s.key("split.validation")
              + " and "
              + s.key("split.test")
              + " must be >= 0 and leave at least 10% for training, got "
              + validation
              + " and "
              + test);
    }
    return new Split(validation, test, s.whole("split.seed"));
  }

  private static Map<String, Object> params(Settings s, String algorithm) {
    Map<String, Object> p = new LinkedHashMap<>();
    switch (algorithm) {
      case "mllib.logistic-regression" -> {
        p.put("max-iter", positive(s, "mllib.max-iter"));
        p.put("reg-param", nonNegative(s, "mllib.reg-param"));
      }
      case "mllib.gbt" -> {
        p.put("max-iter", positive(s, "mllib.max-iter"));
        p.put("max-depth", positive(s, "mllib.max-depth"));
        p.put("step-size", nonNegative(s, "mllib.step-size"));
        p.put("seed", s.whole("mllib.seed"));
      }
      case "mllib.random-forest" -> {
        p.put("num-trees", positive(s, "mllib.num-trees"));
        p.put("max-depth", positive(s, "mllib.max-depth"));
        p.put("seed", s.whole("mllib.seed"));
      }
      case "xgboost" -> {
        p.put("device", oneOf(s, "xgboost.device", List.of("cpu", "cuda")));
        p.put("num-round", positive(s, "xgboost.num-round"));
        p.put("max-depth", positive(s, "xgboost.max-depth"));
        p.put("eta", nonNegative(s, "xgboost.eta"));
        p.put("num-workers", s.whole("xgboost.num-workers"));
        p.put("nthread", positive(s, "xgboost.nthread"));
        p.put("seed", s.whole("xgboost.seed"));
      }
      case "djl.mlp" -> {
        List<Long> hidden = new ArrayList<>();
        for (String h : s.strings("djl.hidden")) {
          try {
            hidden.add(Long.parseLong(h.trim()));
          } catch (NumberFormatException e) {
            throw new ConfigException(
                s.key("djl.hidden") + " must be a list of layer widths, e.g. [64, 32]");
          }
        }
        p.put("hidden", hidden);
        p.put("rounds", positive(s, "djl.rounds"));
        p.put("local-steps", positive(s, "djl.local-steps"));
        p.put("batch-size", positive(s, "djl.batch-size"));
        p.put("activation", s.string("djl.activation"));
        p.put("learning-rate", nonNegative(s, "djl.learning-rate"));
        p.put("optimizer", s.string("djl.optimizer"));
        p.put("workers", positive(s, "djl.workers"));
        p.put("seed", s.whole("djl.seed"));
        p.put("cache-dir", s.string("djl.cache-dir"));
      }
      // Invariant, not user input: oneOf(...) above accepts only ALGORITHMS.
      default -> throw new IllegalStateException(algorithm);
    }
    return p;
  }

  private static String oneOf(Settings s, String name, List<String> allowed) {
    String v = s.string(name).trim();
    if (!allowed.contains(v)) {
      throw new ConfigException(s.key(name) + " must be one of " + allowed + ", got '" + v + "'");
    }
    return v;
  }

  private static long positive(Settings s, String name) {
    long v = s.whole(name);
    if (v < 1) {
      throw new ConfigException(s.key(name) + " must be at least 1, got " + v);
    }
    return v;
  }

  private static double nonNegative(Settings s, String name) {
    double v = s.number(name);
    if (v < 0 || Double.isNaN(v)) {
      throw new ConfigException(s.key(name) + " must be >= 0, got " + v);
    }
    return v;
  }

  /** A whole-number parameter. */
  public long whole(String key) {
    return ((Number) params.get(key)).longValue();
  }

  /** A numeric parameter. */
  public double number(String key) {
    return ((Number) params.get(key)).doubleValue();
  }

  /** The params as strings, for the runs table. */
  public Map<String, String> paramStrings() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("algorithm", algorithm);
    out.put("table", table);
    out.put("task", features.task());
    out.put("label", features.label());
    params.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
