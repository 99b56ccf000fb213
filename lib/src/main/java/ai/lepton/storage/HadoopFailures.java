package ai.lepton.storage;

import ai.lepton.storage.StorageException.Reason;
import ai.lepton.storage.internal.Messages;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Explains a failure of Hadoop's {@code s3a://}, {@code wasb(s)://} or {@code abfs(s)://} file
 * systems as a {@link StorageException} that names the store, the endpoint (host:port) and the
 * setting to fix, instead of the location alone: an endpoint that cannot be reached, or credentials
 * the server rejects. The raw Hadoop messages of these cases (a 403 without a reason, a connection
 * refused after minutes) read like a wrong path.
 */
public final class HadoopFailures {

  /** What the S3 SDK's own look-up may report that explains an s3a failure better. */
  private static final Set<Reason> EXPLAINING =
      EnumSet.of(
          Reason.BAD_CREDENTIALS, Reason.ACCESS_DENIED, Reason.NO_BUCKET, Reason.UNAVAILABLE);

  private HadoopFailures() {}

  /**
   * A {@link StorageException} for {@code failure} of {@code operation} on {@code uri}, or empty
   * when the failure is not one of the storage problems this class knows (then the caller's own
   * message stands).
   *
   * <p>An unreachable endpoint is recognised from the failure itself, else by opening a TCP
   * connection to it (within the store's connect timeout). Any other failure of an s3 location is
   * looked up once more through Lepton's own S3 client for the store, whose answer tells rejected
   * credentials (naming the credential keys) from a denied permission or a missing bucket; it is
   * used when it names one of those.
   */
  public static Optional<StorageException> explain(
      ObjectStores stores, String operation, String uri, Throwable failure) {
    StoreType type = typeOf(uri);
    if (type == null || type == StoreType.LOCAL) {
      return Optional.empty();
    }
    StoreConfig c = configFor(stores, uri, type);
    String endpoint = endpoint(c, uri);
    Optional<String> unreachable =
        unreachable(failure)
            ? Optional.of(Messages.rootCause(failure, c.credentials().secrets()))
            : connectFails(endpoint, c.timeouts().connectMs());
    if (unreachable.isPresent()) {
      return Optional.of(unreachable(c, endpoint, operation, uri, unreachable.get(), failure));
    }
    if (type != StoreType.S3 || failure instanceof FileNotFoundException) {
      return Optional.empty();
    }
    try (ObjectStore store = ObjectStores.instantiate(c)) {
      store.list(uri.endsWith("/") ? uri : uri + "/");
    } catch (StorageException e) {
      if (EXPLAINING.contains(e.reason())) {
        return Optional.of(e);
      }
    } catch (IOException | RuntimeException e) {
      // the look-up could not explain it: keep the caller's message
    }
    return Optional.empty();
  }

  /**
   * Why a TCP connection to {@code endpoint} (host:port) cannot be opened within the connect
   * timeout, or empty when it can (or the endpoint is the cloud's own). wasb hides the cause of a
   * refused connection behind a message about anonymous access, so this asks the network itself.
   */
  static Optional<String> connectFails(String endpoint, long connectMs) {
    int colon = endpoint.lastIndexOf(':');
    if (endpoint.contains(" ") || colon < 0) {
      return Optional.empty();
    }
    int timeout = (int) Math.min(connectMs > 0 ? connectMs : 10_000, 30_000);
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(
              endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))),
          timeout);
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /** True when the failure is a connection that could not be made or timed out. */
  static boolean unreachable(Throwable failure) {
    return Messages.causedBy(
        failure,
        ConnectException.class,
        NoRouteToHostException.class,
        UnknownHostException.class,
        SocketTimeoutException.class);
  }

  private static StorageException unreachable(
      StoreConfig c,
      String endpoint,
      String operation,
      String uri,
      String cause,
      Throwable failure) {
    String settings = c.configured() ? StoreConfig.STORES + "." + c.name() : StoreConfig.DEFAULTS;
    String fix =
        "Check that "
            + endpoint
            + " is the right endpoint ("
            + (c.type() == StoreType.S3
                ? c.key("endpoint")
                : "the account in the URI, or " + c.key("endpoint"))
            + ") and that this machine can reach it (network, firewall, DNS)"
            + (c.emulator() ? ", or start the emulators: bin/lepton emulators start" : "")
            + ". How long Lepton keeps trying is set by retry.max-attempts, connect-timeout-ms and"
            + " read-timeout-ms under "
            + settings
            + ".";
    return StorageException.create(
        Reason.UNAVAILABLE,
        c.name(),
        operation,
        uri,
        "the endpoint "
            + endpoint
            + " is unreachable after "
            + c.retry().maxAttempts()
            + " attempts ("
            + cause
            + ")",
        fix,
        failure);
  }

  /**
   * The host:port Hadoop's connector dials for {@code uri}: the store's endpoint, else the cloud's
   * (S3) or the account's (Azure) host; wasb in emulator mode always dials 127.0.0.1:10000.
   */
  static String endpoint(StoreConfig c, String uri) {
    String scheme = scheme(uri);
    if (c.type() == StoreType.S3) {
      return c.endpoint().isEmpty() ? "AWS S3 (s3.amazonaws.com:443)" : hostPort(c.endpoint());
    }
    String authority = authority(uri);
    String account = authority.substring(authority.indexOf('@') + 1);
    if (c.emulator() && scheme.startsWith("wasb") && account.startsWith("devstoreaccount1.")) {
      return "127.0.0.1:10000";
    }
    if (!c.endpoint().isEmpty() && !scheme.startsWith("wasb")) {
      return hostPort(c.endpoint());
    }
    boolean tls = scheme.equals("wasbs") || scheme.equals("abfss");
    return account.contains(":") ? account : account + ":" + (tls ? 443 : 80);
  }

  /** host:port of an endpoint URL, the default port filled in; never user info. */
  static String hostPort(String endpoint) {
    try {
      URI u = URI.create(endpoint);
      int port = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
      return u.getHost() == null ? endpoint : u.getHost() + ":" + port;
    } catch (IllegalArgumentException e) {
      return "the configured endpoint";
    }
  }

  private static StoreConfig configFor(ObjectStores stores, String uri, StoreType type) {
    try {
      return stores.configFor(uri);
    } catch (RuntimeException e) {
      return stores.builtIn(type);
    }
  }

  private static StoreType typeOf(String uri) {
    String scheme = scheme(uri);
    return scheme.isEmpty() ? null : StoreType.forScheme(scheme);
  }

  private static String scheme(String uri) {
    int sep = uri.indexOf("://");
    return sep < 0 ? "" : uri.substring(0, sep).toLowerCase(Locale.ROOT);
  }

  private static String authority(String uri) {
    String rest = uri.substring(uri.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
