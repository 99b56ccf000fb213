package ai.lepton.train.djl;

import ai.lepton.config.ConfigException;
import ai.lepton.internal.Checksums;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link DataParallelMlp} trains and how: a multilayer perceptron over the encoded feature
 * vector, trained data-parallel in {@code rounds} rounds of {@code localSteps} mini-batch steps on
 * each of {@code workers} shards, with the shards' parameters averaged after each round.
 *
 * @param hidden the sizes of the hidden layers, in order ({@code lepton.train.djl.hidden}); empty
 *     for a linear model
 * @param activation the hidden layers' activation: {@code relu} or {@code tanh}
 * @param rounds the number of rounds (one barrier stage each; a checkpoint after each)
 * @param localSteps mini-batch steps per worker per round
 * @param batchSize rows per mini-batch
 * @param learningRate the optimizer's fixed learning rate
 * @param optimizer {@code sgd} or {@code adam}; its state restarts each round (local SGD)
 * @param seed seeds the initial weights and the mini-batch order
 * @param workers barrier tasks per round; the input is split into exactly this many shards
 * @param task {@code binary}, {@code multiclass} or {@code regression}
 */
public record MlpSpec(
    List<Integer> hidden,
    String activation,
    int rounds,
    int localSteps,
    int batchSize,
    double learningRate,
    String optimizer,
    long seed,
    int workers,
    String task)
    implements Serializable {

  private static final String KEYS = "lepton.train.djl.";

  public MlpSpec {
    hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
    activation = lower(activation);
    optimizer = lower(optimizer);
    task = lower(task);
    for (int units : hidden) {
      positive("hidden", units);
    }
    oneOf(KEYS + "activation", activation, "relu", "tanh");
    oneOf(KEYS + "optimizer", optimizer, "sgd", "adam");
    oneOf("the training task", task, "binary", "multiclass", "regression");
    positive("rounds", rounds);
    positive("local-steps", localSteps);
    positive("batch-size", batchSize);
    positive("workers", workers);
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new ConfigException(
          "Invalid "
              + KEYS
              + "learning-rate = "
              + learningRate
              + ": the learning rate must be a positive number. Set it to e.g. 0.01.");
    }
  }

  /** The number of outputs this task needs for {@code classes} classes (ignored for regression). */
  public int outputsFor(int classes) {
    return task.equals("multiclass") ? classes : 1;
  }

  /** The fields as names to values, in declaration order (checkpoints, messages). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hidden", hidden);
    m.put("activation", activation);
    m.put("rounds", rounds);
    m.put("localSteps", localSteps);
    m.put("batchSize", batchSize);
    m.put("learningRate", learningRate);
    m.put("optimizer", optimizer);
    m.put("seed", seed);
    m.put("workers", workers);
    m.put("task", task);
    return m;
  }

  /**
   * The fields that decide the trained parameters, except {@code rounds} (a resumed run may train
   * for more rounds), with the network's shape, as a SHA-256 hex string.
   */
  public String hash(int inputs, int outputs) {
    return Checksums.sha256Hex(identity(inputs, outputs).toString());
  }

  /** What {@link #hash} covers, as names to values. */
  Map<String, Object> identity(int inputs, int outputs) {
    Map<String, Object> m = new LinkedHashMap<>(asMap());
    m.remove("rounds");
    m.put("inputs", inputs);
    m.put("outputs", outputs);
    return m;
  }

  /** One phrase per field of {@code stored} that differs from {@code current}. */
  static List<String> differences(Map<String, Object> stored, Map<String, Object> current) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : current.entrySet()) {
      String was = String.valueOf(stored.get(e.getKey()));
      String now = String.valueOf(e.getValue());
      if (!was.equals(now)) {
        out.add(e.getKey() + " was " + was + ", now " + now);
      }
    }
    return out;
  }

  private static String lower(String value) {
    return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new ConfigException(
          "Invalid "
              + KEYS
              + key
              + " = "
              + value
              + ": it must be a positive whole number. Set "
              + KEYS
              + key
              + " to 1 or more.");
    }
  }

  private static void oneOf(String key, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return;
      }
    }
    throw new ConfigException(
        "Invalid "
            + key
            + " = "
            + value
            + ": the DJL MLP supports "
            + String.join(", ", allowed)
            + ". Set "
            + key
            + " to one of them.");
  }
}
