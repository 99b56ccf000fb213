package ai.lepton.jobs;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, the browser that checks Lepton's HTML pages: the DOM it builds and a
 * screenshot of what it draws. {@code .ci/run} installs it; when it is missing a test fails under
 * {@code CI=true} and is skipped otherwise, saying what to install.
 */
final class Chromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");

  private Chromium() {}

  /** Requires Chromium: a failure when {@code CI=true}, else a skip with what to install. */
  static void require() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String message = BINARY + " is needed to open the page: apt-get install -y chromium";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    assumeTrue(false, message);
  }

  /** The DOM Chromium builds from {@code page}, serialized. */
  static String dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toUri().toString()), null);
  }

  /** A PNG screenshot of {@code page} at {@code width} x {@code height}, written to {@code png}. */
  static void screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    run(
        List.of(
            "--screenshot=" + png,
            "--window-size=" + width + "," + height,
            "--hide-scrollbars",
            page.toUri().toString()),
        png);
  }

  private static String run(List<String> args, Path expected)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    // Headless, as root in a container: no sandbox, no GPU, no /dev/shm limits.
    command.addAll(
        List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"));
    command.addAll(args);
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + command);
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0 || (expected != null && !Files.exists(expected))) {
      throw new AssertionError(
          "chromium exited "
              + p.exitValue()
              + ": "
              + command
              + "\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return stdout;
  }
}
