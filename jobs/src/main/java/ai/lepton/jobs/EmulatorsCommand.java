package ai.lepton.jobs;

import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.emulator.EmulatorHome;
import ai.lepton.storage.emulator.Emulators;
import ai.lepton.storage.emulator.ServerStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lepton emulators start|stop|status}: local S3 (s3proxy) and Azure Blob (Azurite) servers
 * on 127.0.0.1 for trying Lepton without a cloud account. They run detached, keep their data in
 * {@code emulators/run/}, and are stopped by the process ids recorded there.
 */
@Command(
    name = "emulators",
    mixinStandardHelpOptions = true,
    description = {
      "Run local S3 (s3proxy) and Azure Blob (Azurite) servers on 127.0.0.1, with",
      "data in emulators/run/; print their endpoints and a lepton.stores config."
    },
    subcommands = {
      EmulatorsCommand.Start.class,
      EmulatorsCommand.Stop.class,
      EmulatorsCommand.Status.class
    })
final class EmulatorsCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code lepton emulators start}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start both servers unless they run, and create a bucket and container.")
  static final class Start implements Callable<Integer> {

    @Option(
        names = "--s3-port",
        paramLabel = "PORT",
        defaultValue = "" + Emulators.DEFAULT_S3_PORT,
        description = "Port for s3proxy (default ${DEFAULT-VALUE}); Azurite always uses 10000.")
    int s3Port;

    @Option(
        names = "--bucket",
        paramLabel = "NAME",
        defaultValue = "lepton",
        description = "S3 bucket and Azure container to create (default ${DEFAULT-VALUE}).")
    String bucket;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      List<ServerStatus> servers = Emulators.start(EmulatorHome.locate(), s3Port, err::println);
      String config = Emulators.storesConfig(servers);
      try (ObjectStores stores = ObjectStores.from(LeptonConfig.parse(config))) {
        for (String uri : uris(bucket)) {
          ((SupportsBuckets) stores.forUri(uri)).createBucket(uri);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      print(servers, out);
      out.println();
      out.println("Created " + String.join(" and ", uris(bucket)));
      out.println();
      out.println("Use them with this config (save it, e.g. as emulators.conf, and add");
      out.println("-c emulators.conf to any lepton command; the keys are the emulators' own):");
      out.println();
      out.print(config);
      out.println();
      out.println("Stop them with: " + launcher() + " emulators stop");
      out.flush();
      return Main.OK;
    }
  }

  /** {@code lepton emulators stop}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop the servers that 'emulators start' started; their data stays.")
  static final class Stop implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      print(Emulators.stop(EmulatorHome.locate(), err::println), spec.commandLine().getOut());
      return Main.OK;
    }
  }

  /** {@code lepton emulators status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show whether the servers run (exit code 0 when both do, else 1).")
  static final class Status implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<ServerStatus> servers = Emulators.status(EmulatorHome.locate());
      PrintWriter out = spec.commandLine().getOut();
      print(servers, out);
      boolean all = servers.stream().allMatch(ServerStatus::running);
      if (all) {
        out.println();
        out.print(Emulators.storesConfig(servers));
      }
      out.flush();
      return all ? Main.OK : Main.GATE_FAILED;
    }
  }

  static List<String> uris(String bucket) {
    return List.of(
        "s3a://" + bucket + "/",
        "wasb://" + bucket + "@" + Emulators.AZURE_ACCOUNT + ".blob.core.windows.net/");
  }

  private static void print(List<ServerStatus> servers, PrintWriter out) {
    servers.forEach(s -> out.println(s.describe()));
  }

  private static String launcher() {
    String launcher = System.getenv("LEPTON_LAUNCHER");
    return launcher == null || launcher.isBlank() ? "lepton" : launcher;
  }
}
