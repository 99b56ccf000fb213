package ai.lepton.testing;

import ai.lepton.demo.DemoDataset;
import java.nio.file.Path;

/** The reconcile config tests use for a {@link DemoDataset}'s two copies. */
public final class DemoReconcileConfig {

  private DemoReconcileConfig() {}

  /** HOCON reconciling the demo copies in their local folders, with tables under {@code out}. */
  public static String hocon(DemoDataset demo, Path out) {
    return hocon(
        demo.awsUri(),
        demo.azureUri(),
        out.resolve("golden").toString(),
        out.resolve("discrepancies").toString(),
        out.resolve("quarantine").toString());
  }

  /** HOCON reconciling demo copies held at {@code awsUri} (CSV) and {@code azureUri} (JSON). */
  public static String hocon(
      String awsUri, String azureUri, String golden, String discrepancies, String quarantine) {
    return """
        lepton.reconcile {
          key = ["id"]
          schema = "%s"
          sources = [
            { name = aws, uri = "%s", format = csv, options { header = "true" } }
            { name = azure, uri = "%s", format = json }
          ]
          normalize.case-insensitive-columns = ["email", "country"]
          output { golden = "%s", discrepancies = "%s", quarantine = "%s" }
        }
        # reconcile's own tests; the runs it records are checked by RunsTableIT and DemoPipelineIT
        lepton.track.enabled = false
        """
        .formatted(DemoDataset.SCHEMA_DDL, awsUri, azureUri, golden, discrepancies, quarantine);
  }
}
