package ai.lepton.storage.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final String STATE_FILE = "emulators.properties";

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
      Process p = startS3Proxy(home, port, data, workDir.resolve("s3proxy-" + port + ".log"), true);
      started.add(p);
      s3 = s3Endpoint(port);
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
        requireAzurite();
        progress.accept("[emulators] using the Azurite already listening on port " + AZURITE_PORT);
      } else {
        Path data = workDir.resolve("azurite-data");
        started.add(startAzurite(home, data, workDir.resolve("azurite.log"), true, progress));
      }
      azure = azureEndpoint();
    }
    return azure;
  }

  /** A {@code lepton.stores} block with both servers, starting them if needed. */
  public String storesConfig(String s3Name, String azureName) {
    return "lepton.stores {\n"
        + indent(s3().storeConfig(s3Name))
        + indent(azure().storeConfig(azureName))
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
          startS3Proxy(
              home, s3Port, state.resolve("s3proxy-data"), state.resolve("s3proxy.log"), false);
      recorded.setProperty("s3proxy.pid", Long.toString(p.pid()));
      recorded.setProperty("s3proxy.port", Integer.toString(s3Port));
      writeState(home, recorded);
    }
    ServerStatus az = azureStatus(home, recorded);
    if (!az.running()) {
      if (ManagedProcess.portOpen(AZURITE_PORT)) {
        requireAzurite();
        recorded.setProperty("azurite.pid", "-1");
      } else {
        Process p =
            startAzurite(
                home, state.resolve("azurite-data"), state.resolve("azurite.log"), false, progress);
        recorded.setProperty("azurite.pid", Long.toString(p.pid()));
      }
      writeState(home, recorded);
    }
    return status(home);
  }

  /** The two servers as recorded in {@code emulators/run/} and as they answer now. */
  public static List<ServerStatus> status(EmulatorHome home) {
    Properties recorded = readState(home);
    return List.of(s3Status(home, recorded), azureStatus(home, recorded));
  }

  /** Stops the servers recorded in {@code emulators/run/}; their data stays there. */
  public static List<ServerStatus> stop(EmulatorHome home, Consumer<String> progress) {
    Properties recorded = readState(home);
    for (String name : List.of(S3PROXY, AZURITE)) {
      long pid = Long.parseLong(recorded.getProperty(name + ".pid", "-1"));
      Optional<ProcessHandle> h = pid > 0 ? ManagedProcess.find(pid, name) : Optional.empty();
      if (h.isPresent()) {
        progress.accept("[emulators] stopping " + name + " (pid " + pid + ")");
        ManagedProcess.stop(pid, STOP_GRACE);
      }
      recorded.remove(name + ".pid");
    }
    writeState(home, recorded);
    return status(home);
  }

  /** The {@code lepton.stores} block for servers started with {@link #start}. */
  public static String storesConfig(List<ServerStatus> servers) {
    StringBuilder b = new StringBuilder("lepton.stores {\n");
    for (ServerStatus s : servers) {
      if (s.running() && s.name().equals(S3PROXY)) {
        int port = Integer.parseInt(s.endpoint().substring(s.endpoint().lastIndexOf(':') + 1));
        b.append(indent(s3Endpoint(port).storeConfig("emulator-s3")));
      } else if (s.running() && s.name().equals(AZURITE)) {
        b.append(indent(azureEndpoint().storeConfig("emulator-azure")));
      }
    }
    return b.append("}\n").toString();
  }

  private static ServerStatus s3Status(EmulatorHome home, Properties recorded) {
    long pid = Long.parseLong(recorded.getProperty("s3proxy.pid", "-1"));
    int port = Integer.parseInt(recorded.getProperty("s3proxy.port", "" + DEFAULT_S3_PORT));
    boolean alive = pid > 0 && ManagedProcess.find(pid, S3PROXY).isPresent();
    return new ServerStatus(
        S3PROXY,
        pid,
        alive && ManagedProcess.portOpen(port),
        true,
        "http://127.0.0.1:" + port,
        home.stateDir().resolve("s3proxy.log"));
  }

  private static ServerStatus azureStatus(EmulatorHome home, Properties recorded) {
    long pid = Long.parseLong(recorded.getProperty("azurite.pid", "-1"));
    String endpoint = azureEndpoint().blobEndpoint();
    if (pid > 0) {
      boolean alive = ManagedProcess.find(pid, AZURITE).isPresent();
      return new ServerStatus(
          AZURITE,
          pid,
          alive && ManagedProcess.portOpen(AZURITE_PORT),
          true,
          endpoint,
          home.stateDir().resolve("azurite.log"));
    }
    boolean external = recorded.containsKey("azurite.pid") && isAzurite();
    return new ServerStatus(AZURITE, -1, external, false, endpoint, null);
  }

  // ---- the two servers ----

  private static Process startS3Proxy(
      EmulatorHome home, int port, Path data, Path log, boolean attached) {
    Path jar = home.s3proxyJar();
    Path props = log.resolveSibling("s3proxy-" + port + ".properties");
    try {
      Files.createDirectories(data);
      Files.writeString(props, s3ProxyProperties(port, data), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EmulatorException("Cannot prepare s3proxy in " + data + ": " + e.getMessage(), e);
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-XX:+UseSerialGC"));
    if (attached) {
      command.addAll(
          List.of(
              "-cp",
              jar + java.io.File.pathSeparator + ownCodeSource(),
              ParentWatch.class.getName(),
              "org.gaul.s3proxy.Main"));
    } else {
      command.addAll(List.of("-jar", jar.toString()));
    }
    command.addAll(List.of("--properties", props.toString()));
    Process p = ManagedProcess.start(command, log, attached);
    ManagedProcess.awaitPort(port, p.toHandle(), START_TIMEOUT, log, "s3proxy");
    return p;
  }

  static String s3ProxyProperties(int port, Path data) {
    return String.join(
        "\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + S3_ACCESS_KEY,
        "s3proxy.credential=" + S3_SECRET_KEY,
        "jclouds.provider=filesystem-nio2",
        "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
        "jclouds.identity=" + S3_ACCESS_KEY,
        "jclouds.credential=" + S3_SECRET_KEY,
        "");
  }

  private static Process startAzurite(
      EmulatorHome home, Path location, Path log, boolean attached, Consumer<String> progress) {
    Path main = home.azuriteBlobMain(progress);
    List<String> command = new ArrayList<>(List.of("node"));
    if (attached) {
      command.addAll(List.of("-r", parentWatchScript(log.getParent()).toString()));
    }
    command.addAll(
        List.of(
            main.toString(),
            "--blobHost",
            ManagedProcess.HOST,
            "--blobPort",
            Integer.toString(AZURITE_PORT),
            "--loose",
            "--skipApiVersionCheck",
            "--disableTelemetry"));
    if (location == null) {
      command.add("--inMemoryPersistence");
    } else {
      try {
        Files.createDirectories(location);
      } catch (IOException e) {
        throw new EmulatorException("Cannot create " + location + ": " + e.getMessage(), e);
      }
      command.addAll(List.of("--location", location.toString()));
    }
    Process p = ManagedProcess.start(command, log, attached);
    ManagedProcess.awaitPort(AZURITE_PORT, p.toHandle(), START_TIMEOUT, log, "Azurite");
    return p;
  }

  /** A Node preload script that exits when standard input closes (the parent died). */
  private static Path parentWatchScript(Path dir) {
    Path script = dir.resolve("parent-watch.js");
    String js =
        "process.stdin.on('end', () => process.exit(0));\n"
            + "process.stdin.on('error', () => process.exit(0));\n"
            + "process.stdin.resume();\n";
    try {
      Files.writeString(script, js, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EmulatorException("Cannot write " + script + ": " + e.getMessage(), e);
    }
    return script;
  }

  private static void requireAzurite() {
    if (!isAzurite()) {
      throw new EmulatorException(
          "Port "
              + AZURITE_PORT
              + " on 127.0.0.1 is taken by a program that is not Azurite."
              + " Azurite must listen there (Hadoop's wasb emulator mode dials it): stop that"
              + " program, then try again.");
    }
  }

  /** True when the server on port 10000 says it is Azurite. */
  static boolean isAzurite() {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest req =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + AZURITE_PORT + "/" + AZURE_ACCOUNT + "?comp=list"))
              .timeout(Duration.ofSeconds(3))
              .build();
      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
      return r.headers().firstValue("server").orElse("").toLowerCase().contains("azurite");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static S3Endpoint s3Endpoint(int port) {
    return new S3Endpoint("http://127.0.0.1:" + port, S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY);
  }

  private static AzureEndpoint azureEndpoint() {
    return new AzureEndpoint(
        "http://127.0.0.1:" + AZURITE_PORT + "/" + AZURE_ACCOUNT, AZURE_ACCOUNT, AZURE_KEY);
  }

  /** Where this class was loaded from (a folder or Lepton's jar), for ParentWatch's classpath. */
  private static String ownCodeSource() {
    try {
      return Path.of(Emulators.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (Exception e) {
      throw new EmulatorException("Cannot locate Lepton's own classes: " + e.getMessage(), e);
    }
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

  private static String indent(String block) {
    return block.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }
}
