package ai.lepton.jobs.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM and ends that JVM when the process that started it is
 * gone, so a test JVM killed with {@code kill -9} leaves no Spark master, worker or driver behind.
 *
 * <p>Usage: {@code java -cp ... ai.lepton.jobs.cluster.ParentWatchdog PARENT_PID MAIN_CLASS
 * [ARGS...]}. This class uses only the JDK: the fixture copies it alone onto the child's classpath.
 */
public final class ParentWatchdog {

  private static final long POLL_MS = 500;
  private static final long EXIT_GRACE_MS = 10_000;

  private ParentWatchdog() {}

  /** Watches the parent, then runs {@code MAIN_CLASS} with the remaining arguments. */
  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: ParentWatchdog PARENT_PID MAIN_CLASS [ARGS...]");
      System.exit(2);
    }
    long parent = Long.parseLong(args[0]);
    Thread watcher = new Thread(() -> watch(parent), "parent-watchdog");
    watcher.setDaemon(true);
    watcher.start();
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watch(long parent) {
    while (parentAlive(parent)) {
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
    System.err.println("ParentWatchdog: parent process " + parent + " is gone; exiting");
    Thread halt = new Thread(ParentWatchdog::haltLater, "parent-watchdog-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(143);
  }

  private static boolean parentAlive(long parent) {
    return ProcessHandle.current()
        .parent()
        .filter(p -> p.pid() == parent)
        .map(ProcessHandle::isAlive)
        .orElse(false);
  }

  private static void haltLater() {
    try {
      Thread.sleep(EXIT_GRACE_MS);
    } catch (InterruptedException e) {
      // halt now
    }
    Runtime.getRuntime().halt(137);
  }
}
