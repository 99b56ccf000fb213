package ai.lepton.storage.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The servers of {@code bin/lepton emulators start | status | stop}: detached from the JVM that
 * starts them, with their data, logs and process ids under {@code emulators/run/}.
 */
final class DetachedEmulators {

  private static final String STATE_FILE = "emulators.properties";

  private DetachedEmulators() {}

  /**
   * Starts whichever of the two servers is not running, detached from this JVM, with data in {@code
   * emulators/run/}. Safe to call when they already run.
   *
   * @param s3Port the port for s3proxy, e.g. {@link #Emulators.DEFAULT_S3_PORT}
   */
  static List<ServerStatus> start(EmulatorHome home, int s3Port, Consumer<String> progress) {
    Path state = home.stateDir();
    try {
      Files.createDirectories(state);
    } catch (IOException e) {
      throw new EmulatorException("Cannot create " + state + ": " + e.getMessage(), e);
    }
    Properties recorded = readState(home);
    ServerStatus s3 = s3Status(home, recorded);
    if (!s3.running()) {
      if (ManagedProcess.portOpen(s3Port)) {
        throw new EmulatorException(
            "Port "
                + s3Port
                + " is in use by another program, so s3proxy cannot listen there."
                + " Choose another with --s3-port.");
      }
      Process p =
          EmulatorServers.startS3Proxy(
              home, s3Port, state.resolve("s3proxy-data"), state.resolve("s3proxy.log"), false);
      recorded.setProperty("s3proxy.pid", Long.toString(p.pid()));
      recorded.setProperty("s3proxy.port", Integer.toString(s3Port));
      writeState(home, recorded);
    }
    ServerStatus az = azureStatus(home, recorded);
    if (!az.running()) {
      if (ManagedProcess.portOpen(Emulators.AZURITE_PORT)) {
        EmulatorServers.requireAzurite();
        recorded.setProperty("azurite.pid", "-1");
      } else {
        Process p =
            EmulatorServers.startAzurite(
                home, state.resolve("azurite-data"), state.resolve("azurite.log"), false, progress);
        recorded.setProperty("azurite.pid", Long.toString(p.pid()));
      }
      writeState(home, recorded);
    }
    return status(home);
  }

  /** The two servers as recorded in {@code emulators/run/} and as they answer now. */
  static List<ServerStatus> status(EmulatorHome home) {
    Properties recorded = readState(home);
    return List.of(s3Status(home, recorded), azureStatus(home, recorded));
  }

  /** Stops the servers recorded in {@code emulators/run/}; their data stays there. */
  static List<ServerStatus> stop(EmulatorHome home, Consumer<String> progress) {
    Properties recorded = readState(home);
    for (String name : List.of(Emulators.S3PROXY, Emulators.AZURITE)) {
      long pid = Long.parseLong(recorded.getProperty(name + ".pid", "-1"));
      Optional<ProcessHandle> h = pid > 0 ? ManagedProcess.find(pid, name) : Optional.empty();
      if (h.isPresent()) {
        progress.accept("[emulators] stopping " + name + " (pid " + pid + ")");
        ManagedProcess.stop(pid, Emulators.STOP_GRACE);
      }
      recorded.remove(name + ".pid");
    }
    writeState(home, recorded);
    return status(home);
  }

  /** The {@code lepton.stores} block for servers started with {@link #start}. */
  static String storesConfig(List<ServerStatus> servers) {
    StringBuilder b = new StringBuilder("lepton.stores {\n");
    for (ServerStatus s : servers) {
      if (s.running() && s.name().equals(Emulators.S3PROXY)) {
        int port = Integer.parseInt(s.endpoint().substring(s.endpoint().lastIndexOf(':') + 1));
        b.append(
            EmulatorServers.indent(EmulatorServers.s3Endpoint(port).storeConfig("emulator-s3")));
      } else if (s.running() && s.name().equals(Emulators.AZURITE)) {
        b.append(
            EmulatorServers.indent(EmulatorServers.azureEndpoint().storeConfig("emulator-azure")));
      }
    }
    return b.append("}\n").toString();
  }

  private static ServerStatus s3Status(EmulatorHome home, Properties recorded) {
    long pid = Long.parseLong(recorded.getProperty("s3proxy.pid", "-1"));
    int port =
        Integer.parseInt(recorded.getProperty("s3proxy.port", "" + Emulators.DEFAULT_S3_PORT));
    boolean alive = pid > 0 && ManagedProcess.find(pid, Emulators.S3PROXY).isPresent();
    return new ServerStatus(
        Emulators.S3PROXY,
        pid,
        alive && ManagedProcess.portOpen(port),
        true,
        "http://127.0.0.1:" + port,
        home.stateDir().resolve("s3proxy.log"));
  }

  private static ServerStatus azureStatus(EmulatorHome home, Properties recorded) {
    long pid = Long.parseLong(recorded.getProperty("azurite.pid", "-1"));
    String endpoint = EmulatorServers.azureEndpoint().blobEndpoint();
    if (pid > 0) {
      boolean alive = ManagedProcess.find(pid, Emulators.AZURITE).isPresent();
      return new ServerStatus(
          Emulators.AZURITE,
          pid,
          alive && ManagedProcess.portOpen(Emulators.AZURITE_PORT),
          true,
          endpoint,
          home.stateDir().resolve("azurite.log"));
    }
    boolean external = recorded.containsKey("azurite.pid") && EmulatorServers.isAzurite();
    return new ServerStatus(Emulators.AZURITE, -1, external, false, endpoint, null);
  }

  private static Properties readState(EmulatorHome home) {
    Properties p = new Properties();
    Path file = home.stateDir().resolve(STATE_FILE);
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new EmulatorException("Cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return p;
  }

  private static void writeState(EmulatorHome home, Properties p) {
    Path file = home.stateDir().resolve(STATE_FILE);
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        p.store(out, "servers started by bin/lepton emulators");
      }
    } catch (IOException e) {
      throw new EmulatorException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
