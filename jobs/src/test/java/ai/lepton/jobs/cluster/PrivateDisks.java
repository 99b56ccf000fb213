package ai.lepton.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a process in its own mount namespace with an empty private tmpfs over {@code /tmp} and over
 * each hidden folder, as a different machine would see them: {@code unshare -m --propagation
 * private sh -c 'mount -t tmpfs tmpfs /tmp && ... && exec "$@"'}. Needs root and {@code unshare};
 * {@link #probe} tells whether this machine allows it.
 */
final class PrivateDisks {

  private final List<Path> hidden;

  private PrivateDisks(List<Path> hidden) {
    this.hidden = List.copyOf(hidden);
  }

  /**
   * A wrapper hiding {@code /tmp} and {@code hidden}, or null when this machine cannot make one
   * (not root, no {@code unshare}); {@code why} then receives the reason.
   */
  static PrivateDisks probe(List<Path> hidden, Path scratch, StringBuilder why) {
    PrivateDisks disks = new PrivateDisks(hidden);
    try {
      Path target = Files.createDirectories(scratch.resolve("mount-probe"));
      List<String> command = new ArrayList<>(disks.prefixFor(List.of(Path.of("/tmp"), target)));
      command.add("true");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        why.append("unshare did not finish within 20 s");
        return null;
      }
      String output = new String(p.getInputStream().readAllBytes()).trim();
      if (p.exitValue() != 0) {
        why.append("unshare -m exited ").append(p.exitValue()).append(": ").append(output);
        return null;
      }
      return disks;
    } catch (IOException e) {
      why.append("cannot run unshare: ").append(e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why.append("interrupted");
      return null;
    }
  }

  /** The folders the wrapped process does not see, {@code /tmp} first. */
  List<Path> hidden() {
    List<Path> all = new ArrayList<>(List.of(Path.of("/tmp")));
    all.addAll(hidden);
    return all;
  }

  /** The command to put before a program so that it runs with these folders hidden. */
  List<String> prefix() {
    return prefixFor(hidden());
  }

  private List<String> prefixFor(List<Path> folders) {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < folders.size(); i++) {
      script.append("mount -t tmpfs tmpfs \"$").append(i + 1).append("\" && ");
    }
    script.append("shift ").append(folders.size()).append(" && exec \"$@\"");
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                script.toString(),
                "private-disks"));
    folders.forEach(f -> command.add(f.toString()));
    return command;
  }
}
