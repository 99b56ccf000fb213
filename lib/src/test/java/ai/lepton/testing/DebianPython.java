package ai.lepton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Python ({@code /usr/bin/python3}) with the real client software that checks Lepton's
 * artifacts: {@code python3-onnx} (the official ONNX checker) and {@code python3-xgboost} (the
 * XGBoost 1.7 line of SageMaker's {@code sagemaker-xgboost:1.7-1}). {@code .ci/run} installs them.
 * When one is missing a test fails under {@code CI=true} and is skipped otherwise, saying what to
 * install.
 */
public final class DebianPython {

  /** Debian's interpreter (a pyenv {@code python3} earlier on PATH lacks Debian's modules). */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  private static final String INSTALL = "apt-get install -y python3-onnx python3-xgboost";

  private DebianPython() {}

  /**
   * Requires {@code module} (e.g. {@code onnx}, {@code xgboost}) from Debian package {@code
   * python3-<module>}: a failure when {@code CI=true}, else a skip with what to install.
   */
  public static void require(String module) {
    String why = missing(module);
    if (why == null) {
      return;
    }
    String message =
        "python3-" + module + " is needed to check this artifact (" + why + "): " + INSTALL;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    assumeTrue(false, message);
  }

  private static String missing(String module) {
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " not found";
    }
    Result r = exec(List.of("-c", "import " + module), Map.of());
    if (r.exit() == 0) {
      return null;
    }
    String[] lines = r.stderr().strip().split("\n");
    return "import " + module + " failed: " + lines[lines.length - 1];
  }

  /**
   * Runs {@code script} with {@code args} (one process for a whole batch of checks), asserts it
   * exited 0 and returns its stdout.
   */
  public static String run(String script, String... args) {
    return run(Map.of(), script, args);
  }

  /** As {@link #run(String, String...)} with extra environment variables. */
  public static String run(Map<String, String> env, String script, String... args) {
    List<String> command = new ArrayList<>(List.of("-c", script));
    command.addAll(List.of(args));
    Result r = exec(command, env);
    assertThat(r.exit()).as("python exited with %s:%n%s", r.exit(), r.stderr()).isZero();
    return r.stdout();
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result exec(List<String> args, Map<String, String> env) {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString()));
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command);
    b.environment().put("OMP_NUM_THREADS", "1");
    b.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    b.environment().putAll(env);
    try {
      Path out = Files.createTempFile("lepton-python-", ".out");
      Path err = Files.createTempFile("lepton-python-", ".err");
      try {
        Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail("python did not finish within 120 s: " + command.subList(0, 2));
        }
        return new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      return new Result(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
