package ai.lepton.storage.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator launcher's two ways of running servers, and that none outlives its owner. */
class EmulatorsIT {

  @TempDir Path dir;

  private static EmulatorHome home(Path state) {
    return new EmulatorHome(EmulatorHome.locate().dir(), state);
  }

  @Test
  void detachedServersAreRecordedReportedAndStoppedByTheirProcessIds() throws Exception {
    EmulatorHome home = home(dir.resolve("run"));
    int port = ManagedProcess.freePort();
    List<ServerStatus> started;
    try {
      started = Emulators.start(home, port, System.err::println);
      checkRunning(home, port, started);
    } finally {
      Emulators.stop(home, System.err::println);
    }

    List<ServerStatus> stopped = Emulators.status(home);
    ProcessHandle s3proxy = ProcessHandle.of(started.get(0).pid()).orElse(null);
    assertThat(s3proxy == null || !s3proxy.isAlive()).as("s3proxy is gone").isTrue();
    assertThat(stopped.get(0).running()).isFalse();
    assertThat(ManagedProcess.portOpen(port)).isFalse();
    if (started.get(1).ownedByLepton()) {
      assertThat(ProcessHandle.of(started.get(1).pid()).map(ProcessHandle::isAlive))
          .isNotEqualTo(Optional.of(true));
      assertThat(stopped.get(1).running()).isFalse();
    }
  }

  private static void checkRunning(EmulatorHome home, int port, List<ServerStatus> started)
      throws Exception {
    ServerStatus s3 = started.get(0);
    assertThat(s3.running()).isTrue();
    assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + port);
    assertThat(sessionId(s3.pid()))
        .as("detached: in its own session, so it outlives this JVM and its terminal")
        .isNotEqualTo(sessionId(ProcessHandle.current().pid()));
    assertThat(started.get(1).running()).isTrue();
    Properties state = new Properties();
    try (var in = Files.newInputStream(home.stateDir().resolve("emulators.properties"))) {
      state.load(in);
    }
    assertThat(state.getProperty("s3proxy.pid")).isEqualTo(Long.toString(s3.pid()));
    assertThat(Emulators.status(home)).allMatch(ServerStatus::running);
    assertThat(Emulators.start(home, port, System.err::println).get(0).pid())
        .as("a second start finds the running server")
        .isEqualTo(s3.pid());
    assertThat(Emulators.storesConfig(started)).contains("http://127.0.0.1:" + port);
  }

  @Test
  void attachedServersDieWithAKilledOwner() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-D" + EmulatorHome.DIR_PROPERTY + "=" + EmulatorHome.locate().dir(),
            Owner.class.getName(),
            dir.toString());
    Process owner = new ProcessBuilder(command).redirectErrorStream(true).start();
    long s3proxyPid;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("s3proxy-pid="));
      assertThat(line).as("the owner reports the server it started").isNotNull();
      s3proxyPid = Long.parseLong(line.substring("s3proxy-pid=".length()));
      ProcessHandle s3proxy = ProcessHandle.of(s3proxyPid).orElseThrow();
      assertThat(s3proxy.isAlive()).isTrue();

      owner.destroyForcibly().waitFor();

      s3proxy.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(s3proxy.isAlive()).as("s3proxy exits once its owner is killed").isFalse();
    } finally {
      owner.destroyForcibly();
    }
    assertThat(ManagedProcess.portOpen(Integer.parseInt(Files.readString(dir.resolve("port")))))
        .isFalse();
  }

  /** The session id of a process, from /proc (Linux). */
  private static String sessionId(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return fields[3];
  }

  /** A JVM that starts s3proxy attached, reports its pid, and waits to be killed. */
  public static final class Owner {
    public static void main(String[] args) throws Exception {
      Path work = Path.of(args[0]);
      Emulators emulators = Emulators.attached(EmulatorHome.locate(), work, System.err::println);
      S3Endpoint s3 = emulators.s3();
      Files.writeString(work.resolve("port"), Integer.toString(s3.port()));
      long pid =
          ProcessHandle.current()
              .children()
              .filter(c -> c.info().commandLine().orElse("").contains("s3proxy"))
              .findFirst()
              .orElseThrow()
              .pid();
      System.out.println("s3proxy-pid=" + pid);
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }
}
