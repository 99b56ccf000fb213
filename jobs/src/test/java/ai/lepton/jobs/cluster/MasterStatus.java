package ai.lepton.jobs.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A standalone master's state as its web UI serves it at {@code /json/} (with the trailing slash:
 * {@code /json} only redirects).
 */
final class MasterStatus {

  private static final Pattern ONE_ALIVE_WORKER = Pattern.compile("\"aliveworkers\"\\s*:\\s*1\\b");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI uri;

  MasterStatus(String host, int webUiPort) {
    this.uri = URI.create("http://" + host + ":" + webUiPort + "/json/");
  }

  URI uri() {
    return uri;
  }

  /** True once exactly one worker has registered and is alive. */
  boolean hasOneAliveWorker() {
    return ONE_ALIVE_WORKER.matcher(json()).find();
  }

  /** The state as JSON text; empty while the master does not answer. */
  String json() {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking the Spark master " + uri, e);
    }
  }
}
