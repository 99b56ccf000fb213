package ai.lepton.jobs;

import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.SupportsPrefixOperations;
import ai.lepton.storage.emulator.EmulatorHome;
import ai.lepton.storage.emulator.Emulators;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code lepton demo --emulators}: puts the demo's aws copy in s3proxy and its azure copy in
 * Azurite, starting them (detached, as {@code lepton emulators start} does) when they do not run.
 */
final class DemoEmulators {

  static final String BUCKET = "lepton-demo";

  /** Where the copies went, and the stores config that reaches them. */
  record Placed(String stores, String awsUri, String azureUri) {

    /** The demo's reconcile config pointing at the emulators. */
    String render(Path dir) {
      return DemoConfig.render(awsUri, azureUri, stores, dir);
    }
  }

  private DemoEmulators() {}

  static Placed upload(DemoDataset data, PrintWriter err) {
    String stores =
        Emulators.storesConfig(
            Emulators.start(EmulatorHome.locate(), Emulators.DEFAULT_S3_PORT, err::println));
    String aws = "s3a://" + BUCKET + "/aws/accounts/";
    String azure =
        "wasb://"
            + BUCKET
            + "@"
            + Emulators.AZURE_ACCOUNT
            + ".blob.core.windows.net/azure/accounts/";
    try (ObjectStores all = ObjectStores.from(LeptonConfig.parse(stores))) {
      err.println("[demo] uploading the aws copy to " + aws + " and the azure copy to " + azure);
      replace(all.forUri(aws), aws, data.awsPath());
      replace(all.forUri(azure), azure, data.azurePath());
    }
    return new Placed(stores, aws, azure);
  }

  private static void replace(ObjectStore store, String prefix, Path folder) {
    ((SupportsBuckets) store).createBucket(prefix);
    ((SupportsPrefixOperations) store).deletePrefix(prefix);
    for (Path file : files(folder)) {
      String uri = prefix + file.getFileName();
      try (InputStream in = Files.newInputStream(file)) {
        store.write(uri, in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static List<Path> files(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
