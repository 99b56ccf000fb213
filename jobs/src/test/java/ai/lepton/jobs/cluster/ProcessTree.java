package ai.lepton.jobs.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and everything it started (a Spark worker's executor JVMs): SIGTERM first,
 * SIGKILL after a grace period. Descendants are collected before and while the root stops, because
 * once it is gone its children are re-parented and can no longer be found from it.
 */
final class ProcessTree {

  private static final long POLL_MS = 100;

  private ProcessTree() {}

  /** Stops {@code root} and its descendants; returns every process it saw (all should be dead). */
  static Set<ProcessHandle> stop(ProcessHandle root, Duration grace) {
    Set<ProcessHandle> seen = new LinkedHashSet<>();
    seen.add(root);
    collect(root, seen);
    root.destroy();
    long deadline = System.nanoTime() + grace.toNanos();
    while (root.isAlive() && System.nanoTime() < deadline) {
      collect(root, seen);
      sleep(POLL_MS);
    }
    collect(root, seen);
    seen.forEach(ProcessHandle::destroy);
    awaitExit(seen, deadline);
    seen.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    awaitExit(seen, System.nanoTime() + grace.toNanos());
    return seen;
  }

  /** The processes among {@code handles} still running. */
  static List<ProcessHandle> alive(Set<ProcessHandle> handles) {
    List<ProcessHandle> out = new ArrayList<>();
    handles.stream().filter(ProcessHandle::isAlive).forEach(out::add);
    return out;
  }

  private static void collect(ProcessHandle root, Set<ProcessHandle> seen) {
    if (root.isAlive()) {
      root.descendants().forEach(seen::add);
    }
  }

  private static void awaitExit(Set<ProcessHandle> handles, long deadline) {
    for (ProcessHandle h : handles) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // still alive: the caller escalates or reports it
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
