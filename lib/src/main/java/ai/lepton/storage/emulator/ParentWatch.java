package ai.lepton.storage.emulator;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another program's {@code main} in this JVM and exits as soon as standard input closes, which
 * happens when the process that started this one dies, however it dies. Used for servers that tests
 * start, so none outlives the test JVM. Depends on the JDK only: it runs on s3proxy's classpath.
 */
public final class ParentWatch {

  private ParentWatch() {}

  /** {@code ParentWatch MAIN_CLASS ARGS...}. */
  public static void main(String[] args) throws Exception {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the parent never writes; EOF means it is gone
                }
              } catch (IOException e) {
                // a broken pipe means the same
              }
              Runtime.getRuntime().halt(0);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }
}
