package ai.lepton.storage.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Local S3 (s3proxy) and Azure Blob (Azurite) servers on 127.0.0.1, each its own process.
 *
 * <p>Two ways to run them. {@link #attached} (tests, benchmarks): servers start on first use and
 * stop with {@link #close()}, a shutdown hook, or, if this JVM is killed, by themselves when their
 * standard input closes. {@link #start}, {@link #status} and {@link #stop} ({@code bin/lepton
 * emulators}): servers run detached, keep their data under {@code emulators/run/}, and are stopped
 * by the process ids recorded there.
 *
 * <p>{@link EmulatorServers} starts the two servers; {@link DetachedEmulators} keeps the detached
 * ones' state.
 *
 * <p>Azurite always listens on 127.0.0.1:{@value #AZURITE_PORT}, because Hadoop's wasb emulator
 * mode dials exactly that; an Azurite already listening there is used rather than started.
 */
public final class Emulators implements AutoCloseable {

  /** Azurite's Blob port; fixed by wasb's emulator mode. */
  public static final int AZURITE_PORT = 10000;

  /** The emulator storage account. */
  public static final String AZURE_ACCOUNT = "devstoreaccount1";

  /** The emulator account's published, well-known key. */
  public static final String AZURE_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  /** The access key id s3proxy accepts. */
  public static final String S3_ACCESS_KEY = "lepton";

  /** The secret key s3proxy accepts: fixed and local-only. */
  public static final String S3_SECRET_KEY = "lepton-emulator-secret";

  /** The region S3 clients sign with for s3proxy. */
  public static final String S3_REGION = "us-east-1";

  /** The S3 port {@code bin/lepton emulators start} uses unless told otherwise. */
  public static final int DEFAULT_S3_PORT = 9000;

  static final String S3PROXY = "s3proxy";
  static final String AZURITE = "azurite";
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final EmulatorHome home;
  private final Path workDir;
  private final Consumer<String> progress;
  private final List<Process> started = new ArrayList<>();
  private final Thread shutdownHook;
  private S3Endpoint s3;
  private AzureEndpoint azure;
  private boolean closed;

  private Emulators(EmulatorHome home, Path workDir, Consumer<String> progress) {
    this.home = home;
    this.workDir = workDir;
    this.progress = progress;
    this.shutdownHook = new Thread(this::stopStarted, "lepton-emulators-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Servers tied to this JVM, started on first use, with data under {@code workDir}.
   *
   * @param progress receives one line per slow step (install, start)
   */
  public static Emulators attached(EmulatorHome home, Path workDir, Consumer<String> progress) {
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new EmulatorException("Cannot create " + workDir + ": " + e.getMessage(), e);
    }
    return new Emulators(home, workDir, progress);
  }

  /** s3proxy on a free port, started now if it is not running yet. */
  public synchronized S3Endpoint s3() {
    ensureOpen();
    if (s3 == null) {
      int port = ManagedProcess.freePort();
      Path data = workDir.resolve("s3proxy-data-" + port);
      Process p =
          EmulatorServers.startS3Proxy(
              home, port, data, workDir.resolve("s3proxy-" + port + ".log"), true);
      started.add(p);
      s3 = EmulatorServers.s3Endpoint(port);
    }
    return s3;
  }

  /** The folder where the attached s3proxy keeps objects, one file per object under BUCKET/KEY. */
  public synchronized Path s3DataDir() {
    return workDir.resolve("s3proxy-data-" + s3().port());
  }

  /** Azurite on 127.0.0.1:10000, started now unless one already listens there. */
  public synchronized AzureEndpoint azure() {
    ensureOpen();
    if (azure == null) {
      if (ManagedProcess.portOpen(AZURITE_PORT)) {
        EmulatorServers.requireAzurite();
        progress.accept("[emulators] using the Azurite already listening on port " + AZURITE_PORT);
      } else {
        Path data = workDir.resolve("azurite-data");
        started.add(
            EmulatorServers.startAzurite(
                home, data, workDir.resolve("azurite.log"), true, progress));
      }
      azure = EmulatorServers.azureEndpoint();
    }
    return azure;
  }

  /** A {@code lepton.stores} block with both servers, starting them if needed. */
  public String storesConfig(String s3Name, String azureName) {
    return "lepton.stores {\n"
        + EmulatorServers.indent(s3().storeConfig(s3Name))
        + EmulatorServers.indent(azure().storeConfig(azureName))
        + "}\n";
  }

  /** Stops the servers this instance started (not an Azurite it found running). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopStarted();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }

  /** True while no server this instance started is alive (after close). */
  public synchronized boolean allStopped() {
    return started.stream().noneMatch(Process::isAlive);
  }

  private synchronized void stopStarted() {
    for (Process p : started) {
      try {
        p.getOutputStream().close();
      } catch (IOException e) {
        // closing stdin is only the polite signal
      }
      ManagedProcess.stop(p.pid(), STOP_GRACE);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new EmulatorException("The emulators were already stopped.");
    }
  }

  // ---- detached servers: bin/lepton emulators start | status | stop ----

  /**
   * Starts whichever of the two servers is not running, detached from this JVM, with data in {@code
   * emulators/run/}. Safe to call when they already run.
   *
   * @param s3Port the port for s3proxy, e.g. {@link #DEFAULT_S3_PORT}
   */
  public static List<ServerStatus> start(EmulatorHome home, int s3Port, Consumer<String> progress) {
    return DetachedEmulators.start(home, s3Port, progress);
  }

  /** The two servers as recorded in {@code emulators/run/} and as they answer now. */
  public static List<ServerStatus> status(EmulatorHome home) {
    return DetachedEmulators.status(home);
  }

  /** Stops the servers recorded in {@code emulators/run/}; their data stays there. */
  public static List<ServerStatus> stop(EmulatorHome home, Consumer<String> progress) {
    return DetachedEmulators.stop(home, progress);
  }

  /** The {@code lepton.stores} block for servers started with {@link #start}. */
  public static String storesConfig(List<ServerStatus> servers) {
    return DetachedEmulators.storesConfig(servers);
  }
}
