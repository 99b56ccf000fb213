package ai.lepton.model;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import ai.lepton.config.ConfigException;
import ai.lepton.config.Settings;
import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one deterministic train / validation / test split every Lepton job uses: a row's bucket is
 * {@code pmod(xxhash64(string(key), seed), 1000)}; buckets below {@code test * 1000} are the test
 * split, the next {@code validation * 1000} the validation split, the rest train. The same key,
 * seed and fractions give the same split on any cluster, in any partitioning, in any run.
 *
 * @param validation share of rows in the validation split
 * @param test share of rows in the test split
 * @param seed the hash seed
 */
public record SplitRule(double validation, double test, long seed) implements Serializable {

  /** Buckets a row's key falls into. */
  public static final int BUCKETS = 1000;

  public SplitRule {
    if (validation < 0 || test < 0 || validation + test >= 1) {
      throw ModelErrors.badSplit(validation, test);
    }
  }

  /**
   * The split configured under {@code key} of {@code settings} ({@code .validation}, {@code .test},
   * {@code .seed}); a ConfigException naming the key when it is not a valid split.
   */
  public static SplitRule from(Settings settings, String key) {
    try {
      return new SplitRule(
          settings.number(key + ".validation"),
          settings.number(key + ".test"),
          settings.whole(key + ".seed"));
    } catch (ModelException e) {
      throw new ConfigException(settings.key(key) + ": " + e.getMessage());
    }
  }

  /**
   * The split a model was trained with, from the {@code split.validation}, {@code split.test} and
   * {@code split.seed} params lepton train records in {@code lepton-model.json}; {@code fallback}
   * for a model that records none.
   */
  public static SplitRule of(ModelManifest manifest, SplitRule fallback) {
    java.util.Map<String, Object> p = manifest.params();
    if (p.get("split.validation") instanceof Number v
        && p.get("split.test") instanceof Number t
        && p.get("split.seed") instanceof Number seed) {
      return new SplitRule(v.doubleValue(), t.doubleValue(), seed.longValue());
    }
    return fallback;
  }

  /** Buckets below this are the test split. */
  public long testEnd() {
    return Math.round(test * BUCKETS);
  }

  /** Buckets from {@link #testEnd} up to below this are the validation split; the rest train. */
  public long validationEnd() {
    return testEnd() + Math.round(validation * BUCKETS);
  }

  /** The bucket of {@code key}, 0 to 999. */
  public Column bucket(Column key) {
    return pmod(xxhash64(key.cast("string"), lit(seed)), lit(BUCKETS));
  }

  /**
   * The rows of {@code data} in the named split ({@code train}, {@code validation}, {@code test}).
   */
  public Dataset<Row> select(Dataset<Row> data, String keyColumn, String split) {
    Column b = bucket(data.col(keyColumn));
    long testEnd = testEnd();
    long validationEnd = validationEnd();
    return switch (split) {
      case "test" -> data.filter(b.lt(testEnd));
      case "validation" -> data.filter(b.geq(testEnd).and(b.lt(validationEnd)));
      case "train" -> data.filter(b.geq(validationEnd));
      // Invariant, not user input: callers pass one of the three literals above.
      default -> throw new IllegalArgumentException("unknown split '" + split + "'");
    };
  }
}
