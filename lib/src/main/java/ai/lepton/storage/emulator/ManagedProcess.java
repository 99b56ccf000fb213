package ai.lepton.storage.emulator;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starting server processes, waiting for their ports, and stopping them by process id. */
final class ManagedProcess {

  static final String HOST = "127.0.0.1";

  private ManagedProcess() {}

  /**
   * Starts {@code command} with its output in {@code log}. An attached process keeps a pipe on its
   * standard input, which closes when this JVM dies in any way; the servers watch it and exit. A
   * detached one reads /dev/null and gets its own session, so it outlives this JVM.
   */
  static Process start(List<String> command, Path log, boolean attached) {
    List<String> full = new ArrayList<>(command);
    if (!attached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      full.add(0, "/usr/bin/setsid");
    }
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    if (!attached) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    pb.environment().put("LOG_LEVEL", "warn");
    try {
      return pb.start();
    } catch (IOException e) {
      throw new EmulatorException(
          "Cannot start "
              + command.get(0)
              + " ("
              + e.getMessage()
              + "): is it installed and on"
              + " the PATH?",
          e);
    }
  }

  /**
   * Waits until {@code port} accepts connections; fails early, with the log, if the process dies.
   */
  static void awaitPort(int port, ProcessHandle process, Duration timeout, Path log, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (portOpen(port)) {
        return;
      }
      if (!process.isAlive()) {
        throw new EmulatorException(
            what + " exited while starting: " + tail(log, 15) + " Full log: " + log + ".");
      }
      sleep(100);
    }
    stop(process.pid(), Duration.ofSeconds(5));
    throw new EmulatorException(
        what
            + " did not open port "
            + port
            + " within "
            + timeout.toSeconds()
            + " s: "
            + tail(log, 15)
            + " Full log: "
            + log
            + ".");
  }

  /** True when something accepts connections on 127.0.0.1:{@code port}. */
  static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port on 127.0.0.1 that nothing listens on right now. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new EmulatorException("Cannot find a free port on " + HOST + ": " + e.getMessage(), e);
    }
  }

  /** The live process {@code pid}, if its command line mentions {@code marker}. */
  static Optional<ProcessHandle> find(long pid, String marker) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(true));
  }

  /**
   * Stops a process and its children: SIGTERM, then SIGKILL after {@code grace}. Returns true when
   * it is gone.
   */
  static boolean stop(long pid, Duration grace) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return true;
    }
    ProcessHandle h = handle.get();
    List<ProcessHandle> children = h.descendants().toList();
    h.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!waitFor(h, grace)) {
      h.destroyForcibly();
      waitFor(h, Duration.ofSeconds(5));
    }
    children.forEach(
        c -> {
          if (c.isAlive()) {
            c.destroyForcibly();
          }
        });
    return !h.isAlive();
  }

  private static boolean waitFor(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    }
  }

  /** The last {@code lines} lines of a log file, joined on one line. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("Interrupted while waiting for an emulator.", e);
    }
  }
}
