package ai.lepton.storage.emulator;

import java.io.IOException;
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
import java.util.function.Consumer;

/**
 * Starting the two servers, s3proxy (a Java process) and Azurite (a Node process), attached to this
 * JVM or detached, and their endpoints and settings.
 */
final class EmulatorServers {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private EmulatorServers() {}

  static Process startS3Proxy(EmulatorHome home, int port, Path data, Path log, boolean attached) {
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
        "s3proxy.identity=" + Emulators.S3_ACCESS_KEY,
        "s3proxy.credential=" + Emulators.S3_SECRET_KEY,
        "jclouds.provider=filesystem-nio2",
        "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
        "jclouds.identity=" + Emulators.S3_ACCESS_KEY,
        "jclouds.credential=" + Emulators.S3_SECRET_KEY,
        "");
  }

  static Process startAzurite(
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
            Integer.toString(Emulators.AZURITE_PORT),
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
    ManagedProcess.awaitPort(Emulators.AZURITE_PORT, p.toHandle(), START_TIMEOUT, log, "Azurite");
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

  static void requireAzurite() {
    if (!isAzurite()) {
      throw new EmulatorException(
          "Port "
              + Emulators.AZURITE_PORT
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
                      "http://127.0.0.1:"
                          + Emulators.AZURITE_PORT
                          + "/"
                          + Emulators.AZURE_ACCOUNT
                          + "?comp=list"))
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

  static S3Endpoint s3Endpoint(int port) {
    return new S3Endpoint(
        "http://127.0.0.1:" + port,
        Emulators.S3_REGION,
        Emulators.S3_ACCESS_KEY,
        Emulators.S3_SECRET_KEY);
  }

  static AzureEndpoint azureEndpoint() {
    return new AzureEndpoint(
        "http://127.0.0.1:" + Emulators.AZURITE_PORT + "/" + Emulators.AZURE_ACCOUNT,
        Emulators.AZURE_ACCOUNT,
        Emulators.AZURE_KEY);
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

  /** {@code block} indented by two spaces, to nest it in {@code lepton.stores}. */
  static String indent(String block) {
    return block.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }
}
