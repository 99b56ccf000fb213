package ai.lepton.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A real Spark standalone cluster for tests: a master and one worker (1 core, 1 GiB) as child JVMs
 * on 127.0.0.1, and {@code spark-submit} in client mode in a JVM of its own, so driver and
 * executors live in different JVMs as on EMR. Every JVM runs on the platform classpath only (no
 * Spark distribution), ends with the test JVM, and is stopped with its executors by {@link
 * #close()}; nothing starts once closing has begun.
 *
 * <p>Share-nothing when the machine allows it ({@link #shareNothing()}): the worker and its
 * executors run in their own mount namespace ({@link PrivateDisks}) with a private {@code /tmp} and
 * without the drivers' folder ({@link #driverDir()}), so they share only the network (object
 * stores) with the driver, as the nodes of an EMR or Databricks job cluster do.
 */
final class StandaloneCluster implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int LOG_TAIL_LINES = 80;

  /** Short-lived JVMs on 2 shared cores: C1 only and one GC thread save CPU for the work. */
  private static final List<String> LEAN_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Path dir;
  private final JvmLauncher launcher;
  private final int masterPort;
  private final int masterUiPort;
  private final int workerUiPort;
  private final PrivateDisks disks;
  private final List<ChildJvm> started = new ArrayList<>();
  private final Set<ProcessHandle> seen = new LinkedHashSet<>();
  private boolean closing;
  private int submits;

  private StandaloneCluster(Path dir, JvmLauncher launcher, int[] ports, PrivateDisks disks) {
    this.dir = dir;
    this.disks = disks;
    this.launcher = launcher;
    this.masterPort = ports[0];
    this.masterUiPort = ports[1];
    this.workerUiPort = ports[2];
  }

  /**
   * Starts master and worker in {@code dir} (outside {@code /tmp}, which the worker does not see
   * when share-nothing) and waits until the worker has registered. Says on standard error whether
   * the cluster is share-nothing or fell back to a shared disk, and why.
   */
  static StandaloneCluster start(ClusterTestProperties props, Path dir) {
    Path home = SparkHome.create(dir.resolve("spark-home"), props.platformClasspath());
    JvmLauncher launcher =
        JvmLauncher.create(
            props.jvmFlags(), props.platformClasspath(), SparkHome.environment(home), dir);
    StringBuilder why = new StringBuilder();
    PrivateDisks disks = PrivateDisks.probe(List.of(dir.resolve("driver")), dir, why);
    System.err.println(
        disks != null
            ? "[cluster] share-nothing: the worker and its executors run in their own mount"
                + " namespace with a private /tmp and without "
                + dir.resolve("driver")
            : "[cluster] falling back to a shared-disk cluster (worker and driver see the same"
                + " disks): "
                + why);
    StandaloneCluster cluster =
        new StandaloneCluster(dir, launcher, FreePorts.take(3, HOST), disks);
    try {
      ChildJvm master = cluster.startMaster();
      ChildJvm worker = cluster.startWorker();
      cluster.awaitOneWorker(master, worker);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The URL to submit to: {@code spark://127.0.0.1:PORT}. */
  String masterUrl() {
    return "spark://" + HOST + ":" + masterPort;
  }

  /** The worker's work dir: one {@code app-*} folder per application, with executor logs. */
  Path workerDir() {
    return dir.resolve("worker-work");
  }

  /** True when the worker and its executors see neither {@code /tmp} nor {@link #driverDir()}. */
  boolean shareNothing() {
    return disks != null;
  }

  /**
   * Whether {@code path} exists as the worker (and so its executors) sees it, asked inside the
   * worker's mount namespace with {@code nsenter}.
   */
  boolean workerSees(Path path) {
    ProcessHandle worker;
    synchronized (this) {
      worker = started.get(1).handle();
    }
    try {
      Process p =
          new ProcessBuilder(
                  "nsenter",
                  "-t",
                  String.valueOf(worker.pid()),
                  "-m",
                  "test",
                  "-e",
                  path.toString())
              .redirectErrorStream(true)
              .start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The names in {@code /tmp} as the worker (and so its executors) sees it: its private tmpfs on a
   * share-nothing cluster, listed inside its mount namespace with {@code nsenter}.
   */
  List<String> workerTemp() {
    ProcessHandle worker;
    synchronized (this) {
      worker = started.get(1).handle();
    }
    try {
      Process p =
          new ProcessBuilder(
                  "nsenter", "-t", String.valueOf(worker.pid()), "-m", "ls", "-1A", "/tmp")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("Cannot list the worker's /tmp: " + out);
      }
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The folder under which each submit gets its own working folder ({@code submit-N}). */
  Path driverDir() {
    return dir.resolve("driver");
  }

  /**
   * Deletes every application folder of the worker (each holds a copy of the application jar) and
   * every driver working folder, so that each test class starts from an empty worker.
   */
  void clearApplications() {
    deleteChildren(workerDir());
    deleteChildren(driverDir());
  }

  /**
   * Runs {@code spark-submit --deploy-mode client} against this cluster and waits for it. The
   * submission's settings add to or override the defaults: loopback driver, UI off, one executor of
   * 1 core and 1 GiB, 2 shuffle partitions. Fails if it runs longer than {@code timeout}, after
   * stopping it.
   */
  SubmitResult submit(Submission submission, Duration timeout) throws InterruptedException {
    return submit(submission, timeout, () -> false);
  }

  /**
   * As {@link #submit(Submission, Duration)}, stopping the driver (SIGTERM, as a failed node or a
   * cancelled step would) as soon as {@code stopWhen} holds; the result then has the driver's exit
   * code after the signal.
   */
  SubmitResult submit(Submission submission, Duration timeout, BooleanSupplier stopWhen)
      throws InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--master",
                masterUrl(),
                "--deploy-mode",
                "client",
                "--class",
                submission.mainClass()));
    Map<String, String> conf = new LinkedHashMap<>(submitDefaults());
    conf.putAll(submission.conf());
    conf.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.add(submission.jar().toString());
    args.addAll(submission.args());
    String name = "submit-" + nextSubmit();
    Path cwd = mkdirs(driverDir().resolve(name));
    List<String> jvmArgs = new ArrayList<>(LEAN_JVM);
    jvmArgs.add("-Djava.io.tmpdir=" + mkdirs(cwd.resolve("tmp")));
    jvmArgs.add("-Xmx1g");
    jvmArgs.addAll(submission.driverJvmOptions());
    ChildJvm submit =
        launch(name, List.of(), cwd, jvmArgs, "org.apache.spark.deploy.SparkSubmit", args);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (submit.isAlive() && System.nanoTime() < deadline) {
      recordDescendants();
      if (stopWhen.getAsBoolean()) {
        record(submit.stop(STOP_GRACE));
        break;
      }
      submit.waitFor(POLL);
    }
    if (submit.isAlive()) {
      record(submit.stop(STOP_GRACE));
      throw new IllegalStateException(
          "spark-submit did not finish within " + timeout + "; stopped it.\n" + tail(submit));
    }
    int code = submit.waitFor(Duration.ZERO).orElseThrow();
    return new SubmitResult(code, submit.stdout(), submit.stderr(), tail(submit), cwd);
  }

  /** Every process this cluster started, and every descendant of them it saw (executors). */
  synchronized Set<ProcessHandle> processesSeen() {
    return Set.copyOf(seen);
  }

  /** Processes this cluster started (and their descendants seen) that still run. */
  synchronized List<ProcessHandle> aliveProcesses() {
    return ProcessTree.alive(seen);
  }

  /** Stops every submit, the worker (with its executors) and the master, in that order. */
  @Override
  public void close() {
    List<ChildJvm> toStop;
    synchronized (this) {
      closing = true;
      toStop = new ArrayList<>(started);
    }
    recordDescendants();
    Collections.reverse(toStop);
    for (ChildJvm jvm : toStop) {
      record(jvm.stop(STOP_GRACE));
    }
  }

  private ChildJvm startMaster() {
    return launch(
        "master",
        List.of(),
        dir,
        jvmArgs("-Xmx512m"),
        "org.apache.spark.deploy.master.Master",
        List.of("--host", HOST, "--port", str(masterPort), "--webui-port", str(masterUiPort)));
  }

  private ChildJvm startWorker() {
    mkdirs(driverDir());
    return launch(
        "worker",
        disks == null ? List.of() : disks.prefix(),
        dir,
        jvmArgs("-Xmx512m", "-Dspark.local.dir=" + mkdirs(dir.resolve("worker-local"))),
        "org.apache.spark.deploy.worker.Worker",
        List.of(
            "--host",
            HOST,
            "--webui-port",
            str(workerUiPort),
            "--cores",
            "1",
            "--memory",
            "1g",
            "--work-dir",
            mkdirs(workerDir()).toString(),
            masterUrl()));
  }

  private Map<String, String> submitDefaults() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.driver.host", HOST);
    conf.put("spark.driver.bindAddress", HOST);
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.executor.memory", "1g");
    conf.put("spark.executor.extraJavaOptions", String.join(" ", executorJvmOptions()));
    conf.put("spark.executor.cores", "1");
    conf.put("spark.cores.max", "1");
    conf.put("spark.sql.shuffle.partitions", "2");
    conf.put("spark.databricks.delta.snapshotPartitions", "2");
    conf.put("spark.local.dir", mkdirs(driverDir().resolve("local")).toString());
    return conf;
  }

  private synchronized ChildJvm launch(
      String name,
      List<String> prefix,
      Path cwd,
      List<String> jvmArgs,
      String mainClass,
      List<String> args) {
    if (closing) {
      throw new IllegalStateException("The cluster is closing; not starting " + name + ".");
    }
    ChildJvm jvm = launcher.start(name, prefix, cwd, jvmArgs, mainClass, args);
    started.add(jvm);
    seen.add(jvm.handle());
    return jvm;
  }

  private void awaitOneWorker(ChildJvm master, ChildJvm worker) {
    MasterStatus status = new MasterStatus(HOST, masterUiPort);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ChildJvm jvm : List.of(master, worker)) {
        if (!jvm.isAlive()) {
          throw new IllegalStateException(
              "The Spark " + jvm.name() + " exited while starting.\n" + tail(jvm));
        }
      }
      if (status.hasOneAliveWorker()) {
        return;
      }
      sleep(POLL);
    }
    throw new IllegalStateException(
        "No worker registered with the master within "
            + READY_TIMEOUT
            + " ("
            + status.uri()
            + ").\n"
            + tail(master)
            + "\n"
            + tail(worker));
  }

  private void recordDescendants() {
    List<ChildJvm> jvms;
    synchronized (this) {
      jvms = new ArrayList<>(started);
    }
    for (ChildJvm jvm : jvms) {
      if (jvm.isAlive()) {
        record(jvm.handle().descendants().collect(Collectors.toSet()));
      }
    }
  }

  private synchronized void record(Set<ProcessHandle> handles) {
    seen.addAll(handles);
  }

  private synchronized int nextSubmit() {
    return ++submits;
  }

  private List<String> jvmArgs(String... args) {
    List<String> out = childJvmOptions();
    out.addAll(List.of(args));
    return out;
  }

  /** Lean JVM options, and temp files inside the cluster's folder rather than in /tmp. */
  private List<String> childJvmOptions() {
    List<String> out = new ArrayList<>(LEAN_JVM);
    out.add("-Djava.io.tmpdir=" + mkdirs(dir.resolve("tmp")));
    return out;
  }

  /** Share-nothing executors keep their temp files in their own private /tmp. */
  private List<String> executorJvmOptions() {
    return disks != null ? new ArrayList<>(LEAN_JVM) : childJvmOptions();
  }

  private static void deleteChildren(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (var walk = Files.walk(folder)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(folder)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot empty " + folder, e);
    }
  }

  private static String tail(ChildJvm jvm) {
    return jvm.logTail(LOG_TAIL_LINES);
  }

  private static Path mkdirs(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String str(int port) {
    return String.valueOf(port);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Spark cluster", e);
    }
  }
}
