package ai.lepton.storage.emulator;

import java.nio.file.Path;

/**
 * What {@code bin/lepton emulators status} knows about one server.
 *
 * @param name "s3proxy" or "azurite"
 * @param pid its process id, or -1 when not recorded
 * @param running true when it answers on its port
 * @param ownedByLepton false when something else started a server that Lepton uses
 * @param endpoint where it listens
 * @param log its log file, or null
 */
public record ServerStatus(
    String name, long pid, boolean running, boolean ownedByLepton, String endpoint, Path log) {

  /** One line for a terminal. */
  public String describe() {
    if (!running) {
      return String.format("%-8s stopped", name);
    }
    String who = ownedByLepton ? "pid " + pid : "started outside Lepton";
    return String.format(
        "%-8s running at %s (%s)%s", name, endpoint, who, log == null ? "" : ", log " + log);
  }
}
