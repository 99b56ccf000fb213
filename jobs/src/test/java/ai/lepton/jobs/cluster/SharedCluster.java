package ai.lepton.jobs.cluster;

import ai.lepton.internal.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One standalone cluster for every cluster test class in the JVM:
 * {@code @ExtendWith(SharedCluster.class)}, then {@link #cluster()}. It starts on first use in
 * {@code target/it-cluster} (beside the cluster jar, outside {@code /tmp}; see {@link
 * #clusterDir}), empties the worker's application folders before each test class, and stops when
 * the test run ends, failing the run if any of its processes is still alive then. Its logs stay in
 * {@code target/it-cluster/logs}.
 */
public final class SharedCluster implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedCluster.class);

  private static Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", k -> start());
    cluster().clearApplications();
  }

  /** The cluster (after the extension ran for the test class). */
  static synchronized StandaloneCluster cluster() {
    if (running == null) {
      throw new IllegalStateException("Annotate the test with @ExtendWith(SharedCluster.class)");
    }
    return running.cluster;
  }

  /** What the build passes to cluster tests (classpath, flags, the cluster jar). */
  static ClusterTestProperties properties() {
    return ClusterTestProperties.fromSystem();
  }

  private static synchronized Running start() {
    if (running == null) {
      ClusterTestProperties props = properties();
      Path dir = clusterDir(props.clusterJar());
      deleteTree(dir);
      running = new Running(StandaloneCluster.start(props, dir), dir);
    }
    return running;
  }

  /**
   * {@code target/it-cluster} beside the cluster jar, unless the checkout itself lies under {@code
   * /tmp}, which a share-nothing worker does not see: then a folder of the checkout's own under
   * {@code /var/tmp}.
   */
  static Path clusterDir(Path clusterJar) {
    Path beside = clusterJar.toAbsolutePath().normalize().getParent().resolve("it-cluster");
    if (!beside.startsWith("/tmp")) {
      return beside;
    }
    return Path.of("/var/tmp", "lepton-it-cluster-" + Integer.toHexString(beside.hashCode()));
  }

  /** Stops the cluster when the test run ends. */
  static final class Running implements ExtensionContext.Store.CloseableResource {
    final StandaloneCluster cluster;
    final Path dir;

    Running(StandaloneCluster cluster, Path dir) {
      this.cluster = cluster;
      this.dir = dir;
    }

    @Override
    public void close() {
      cluster.close();
      synchronized (SharedCluster.class) {
        running = null;
      }
      List<ProcessHandle> alive = cluster.aliveProcesses();
      if (!alive.isEmpty()) {
        throw new IllegalStateException("Processes of the test cluster still run: " + alive);
      }
      cluster.clearApplications();
    }
  }

  private static void deleteTree(Path dir) {
    try {
      LocalFiles.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
