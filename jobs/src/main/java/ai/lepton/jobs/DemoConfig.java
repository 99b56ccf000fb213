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
