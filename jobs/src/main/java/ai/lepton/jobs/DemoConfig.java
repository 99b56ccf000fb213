package ai.lepton.jobs;

import ai.lepton.demo.DemoDataset;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Path;

/**
 * The reconcile config the demo writes: a real, editable file that {@code lepton reconcile -c}
 * runs.
 */
final class DemoConfig {

  static final String GOLDEN = "tables/accounts_golden";
  static final String DISCREPANCIES = "tables/accounts_discrepancies";
  static final String QUARANTINE = "tables/accounts_quarantine";

  private DemoConfig() {}

  /**
   * The train config the demo writes: predict whether an account is closed from its balance and
   * country, on the golden table. Switch {@code algorithm} to any of mllib.logistic-regression,
   * mllib.gbt, mllib.random-forest, xgboost, djl.mlp.
   */
  static String renderTrain(Path dir) {
    return """
        # Written by `lepton demo`. Run it with: lepton train -c %s
        # Every key is documented in conf/reference.conf; README "Training" explains them.
        lepton {
          work-dir = %s
          train {
            input {
              table = %s
              version = -1               # -1: the latest; the version read is recorded
            }
            features {
              key = "id"
              label = "status"
              task = "binary"
              positive-class = "closed"  # class 1: closed accounts; every other status is 0
              numeric = ["balance"]
              log-numeric = ["balance"]  # balances are heavy-tailed: learn on their log
              categorical = ["country"]
              null-policy = "drop"       # drop (counted) | impute
            }
            split { validation = 0.1, test = 0.1, seed = 42 }
            # mllib.logistic-regression | mllib.gbt | mllib.random-forest | xgboost | djl.mlp
            algorithm = "djl.mlp"
            mllib { max-iter = 30, max-depth = 5, num-trees = 20 }
            xgboost { device = "cpu", num-round = 30, max-depth = 5, eta = 0.3 }
            # Wide enough that int8 pays off: lepton quantize keeps int8 only when it is smaller,
            # as accurate and faster.
            djl { hidden = [512, 256], rounds = 20, local-steps = 100, workers = 2 }
            model { name = "accounts-closed" }
          }
        }
        """
        .formatted(dir.resolve("train.conf"), q(dir.resolve("work")), q(dir.resolve(GOLDEN)));
  }

  /**
   * The quantize config the demo writes once it knows the trained model: int8 with the default
   * gate.
   */
  static String renderQuantize(Path dir, String model, String output) {
    return """
        # Written by `lepton demo`. Run it with: lepton quantize -c %s
        # README "Quantization and the gate" explains the keys; every key is in conf/reference.conf.
        lepton {
          work-dir = %s
          quantize {
            model = %s          # the model lepton train wrote
            output = %s
            calibration { method = "minmax", sample-rows = 2000 }
            forms = ["qdq", "dynamic"]
            gate { min-agreement = 0.99, max-metric-drop = 0.005, min-size-ratio = 3.0, min-speed-ratio = 1.0 }
          }
        }
        """
        .formatted(dir.resolve("quantize.conf"), q(dir.resolve("work")), q(model), q(output));
  }

  /**
   * The export config: a "sagemaker" and an "azureml" target, in local folders or, with {@code
   * emulators}, in s3proxy and Azurite ({@code stores} reaches them).
   */
  static String renderExport(Path dir, String model, String stores, boolean emulators) {
    return """
        # Written by `lepton demo`. Run it with: lepton export -c %s
        # README "Export targets" explains the keys and shows real AWS and Azure accounts.
        %s
        lepton {
          work-dir = %s
          export {
            model = %s
        %s
          }
        }
        """
        .formatted(
            dir.resolve("export.conf"),
            stores,
            q(dir.resolve("work")),
            q(model),
            targets(dir, emulators));
  }

  /**
   * The pipeline config: the reconcile and train files plus the export targets; the pipeline hands
   * the trained model to quantize and the int8 model to export.
   */
  static String renderPipeline(Path dir, boolean emulators) {
    return """
        # Written by `lepton demo`. Run it with: lepton pipeline -c %s
        # reconcile -> train -> quantize -> export; each step takes what the one before made.
        # Uncomment to distill the trained model into a small student and export that instead
        # (docs/pipeline.md, "Distill in the pipeline"; lepton.distill in conf/reference.conf):
        # lepton.pipeline.distill = "instead-of-quantize"
        include "reconcile.conf"
        include "train.conf"
        lepton.export {
        %s
        }
        """
        .formatted(dir.resolve("pipeline.conf"), targets(dir, emulators));
  }

  private static String targets(Path dir, boolean emulators) {
    String aws =
        emulators
            ? "s3://" + DemoEmulators.BUCKET + "/serving"
            : dir.resolve("serving/aws").toString();
    String azure =
        emulators
            ? "wasb://" + DemoEmulators.BUCKET + "@devstoreaccount1.blob.core.windows.net/serving"
            : dir.resolve("serving/azure").toString();
    return """
            targets = [
              { name = "aws", type = "sagemaker", uri = %s, capacity = 2, latency-ms = 40, cost-per-hour = 0.23 }
              { name = "azure", type = "azureml", uri = %s, capacity = 1, latency-ms = 60, cost-per-hour = 0.29 }
            ]"""
        .formatted(q(aws), q(azure));
  }

  /** The config for copies in local folders. */
  static String render(DemoDataset data, Path dir) {
    return render(data.awsUri(), data.azureUri(), "", dir);
  }

  /** The config for copies at {@code awsUri} and {@code azureUri}, with their stores' config. */
  static String render(String awsUri, String azureUri, String stores, Path dir) {
    return """
        # Written by `lepton demo`. Run it with: lepton reconcile -c %s
        # Every key is documented in conf/reference.conf.
        %s
        lepton {
          work-dir = %s
          reconcile {
            key = ["id"]
            schema = %s
            sources = [
              { name = "aws", uri = %s, format = "csv", options { header = "true" } }
              { name = "azure", uri = %s, format = "json" }
            ]
            normalize {
              trim-strings = true
              empty-string-as-null = true
              case-insensitive-columns = ["email", "country"]
              timezone = "UTC"
            }
            resolve {
              policy = "latest"          # latest | priority | majority
              timestamp-column = "updated_at"
              priority = ["aws", "azure"]
            }
            output {
              golden = %s
              discrepancies = %s
              quarantine = %s
            }
            max-conflict-ratio = 0.05
          }
        }
        """
        .formatted(
            dir.resolve("reconcile.conf"),
            stores,
            q(dir.resolve("work")),
            q(DemoDataset.SCHEMA_DDL),
            q(awsUri),
            q(azureUri),
            q(dir.resolve(GOLDEN)),
            q(dir.resolve(DISCREPANCIES)),
            q(dir.resolve(QUARANTINE)));
  }

  /** {@code value} as a HOCON string: quoted and escaped, so any path or URI reads back whole. */
  private static String q(Object value) {
    return ConfigUtil.quoteString(value.toString());
  }
}
