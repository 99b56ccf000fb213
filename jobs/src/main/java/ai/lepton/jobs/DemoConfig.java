package ai.lepton.jobs;

import ai.lepton.demo.DemoDataset;
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
          work-dir = "%s"
          train {
            input {
              table = "%s"
              version = -1               # -1: the latest; the version read is recorded
            }
            features {
              key = "id"
              label = "status"
              task = "binary"
              positive-class = "closed"  # class 1: closed accounts; every other status is 0
              numeric = ["balance"]
              categorical = ["country"]
              null-policy = "drop"       # drop (counted) | impute
            }
            split { validation = 0.1, test = 0.1, seed = 42 }
            # mllib.logistic-regression | mllib.gbt | mllib.random-forest | xgboost | djl.mlp
            algorithm = "mllib.logistic-regression"
            mllib { max-iter = 30, max-depth = 5, num-trees = 20 }
            xgboost { device = "cpu", num-round = 30, max-depth = 5, eta = 0.3 }
            model { name = "accounts-closed" }
          }
        }
        """
        .formatted(dir.resolve("train.conf"), dir.resolve("work"), dir.resolve(GOLDEN));
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
          work-dir = "%s"
          reconcile {
            key = ["id"]
            schema = "%s"
            sources = [
              { name = "aws", uri = "%s", format = "csv", options { header = "true" } }
              { name = "azure", uri = "%s", format = "json" }
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
              golden = "%s"
              discrepancies = "%s"
              quarantine = "%s"
            }
            max-conflict-ratio = 0.05
          }
        }
        """
        .formatted(
            dir.resolve("reconcile.conf"),
            stores,
            dir.resolve("work"),
            DemoDataset.SCHEMA_DDL,
            awsUri,
            azureUri,
            dir.resolve(GOLDEN),
            dir.resolve(DISCREPANCIES),
            dir.resolve(QUARANTINE));
  }
}
