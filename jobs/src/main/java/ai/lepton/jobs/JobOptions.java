package ai.lepton.jobs;

import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.ObjectStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every job command takes: config files, overrides, and where the report goes. */
public final class JobOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "HOCON config file, a path or an s3://, s3a://, wasbs:// or abfss:// URI; repeat to"
              + " layer files left to right.")
  List<String> configFiles = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one config key, applied after the files, e.g. --set lepton.reconcile.max-conflict-ratio=0.05")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write the run's JSON report to FILE.")
  Path report;

  @Option(names = "--json", description = "Print the JSON report instead of the summary.")
  boolean json;

  /**
   * Loads and validates the configuration, every store's settings included (exit code 2 on any
   * problem), before any work starts.
   */
  LeptonConfig load() {
    LeptonConfig config = ConfigSources.load(configFiles, overrides);
    ObjectStores.from(config).close();
    return config;
  }
}
