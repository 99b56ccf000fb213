package ai.lepton.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for tests that puts faults between a client and a storage emulator: it listens on
 * 127.0.0.1 on an ephemeral port and forwards to {@code 127.0.0.1:targetPort}, and can
 *
 * <ul>
 *   <li>reset the connection of every Nth request when its first bytes arrive (RST: linger 0, then
 *       close), {@link #resetEvery};
 *   <li>delay the start of every response by D ms, {@link #delayResponses};
 *   <li>cut a response after K bytes of its body (RST), so the client gets a partial body: the
 *       first response with a longer body once M responses passed since the last cut, {@link
 *       #cutEvery}.
 * </ul>
 *
 * Faults count requests and responses, not connections: HTTP clients keep one connection alive for
 * many requests, so a fault per connection would rarely fire. Each fault is counted, so a test can
 * show the faults really happened. Faults stop after {@link #maxFaults} resets and as many cuts, so
 * a client's retries always get through in the end. All threads are daemons; {@link #close()} stops
 * accepting (the port then refuses connections) and closes every open connection.
 */
public final class FaultProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger responses = new AtomicInteger();
  private final AtomicInteger sinceCut = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final AtomicInteger delays = new AtomicInteger();
  private final AtomicInteger cuts = new AtomicInteger();

  private volatile int resetEvery;
  private volatile long delayMs;
  private volatile int cutEvery;
  private volatile long cutAfterBytes;
  private volatile int maxFaults = Integer.MAX_VALUE;

  private FaultProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Starts a proxy to {@code 127.0.0.1:targetPort}, passing everything through unchanged. */
  public static FaultProxy start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    FaultProxy proxy = new FaultProxy(server, targetPort);
    daemon("fault-proxy-accept-" + server.getLocalPort(), proxy::acceptLoop).start();
    return proxy;
  }

  /** The port the proxy listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Resets the connection of every {@code n}th request (0: none). */
  public FaultProxy resetEvery(int n) {
    this.resetEvery = n;
    return this;
  }

  /** Delays the start of every response by {@code ms} (0: none). */
  public FaultProxy delayResponses(long ms) {
    this.delayMs = ms;
    return this;
  }

  /**
   * Cuts responses with over {@code bytes} body bytes on every {@code n}th connection (0: none).
   */
  public FaultProxy cutEvery(int n, long bytes) {
    this.cutEvery = n;
    this.cutAfterBytes = bytes;
    return this;
  }

  /** Stops injecting resets after {@code n} of them, and cuts after {@code n} of them. */
  public FaultProxy maxFaults(int n) {
    this.maxFaults = n;
    return this;
  }

  /** Requests seen so far (a request's first bytes after a response, or on a new connection). */
  public int requests() {
    return requests.get();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Connections reset so far. */
  public int resets() {
    return resets.get();
  }

  /** Responses delayed so far. */
  public int delays() {
    return delays.get();
  }

  /** Responses cut mid-body so far. */
  public int cuts() {
    return cuts.get();
  }

  /** "N connections, N requests, N resets, N delays, N cuts". */
  public String counts() {
    return connections()
        + " connections, "
        + requests()
        + " requests, "
        + resets()
        + " resets, "
        + delays()
        + " delays, "
        + cuts()
        + " cuts";
  }

  private boolean resetAllowed() {
    return resets.get() < maxFaults;
  }

  private boolean cutAllowed() {
    return cuts.get() < maxFaults;
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      int n = connections.incrementAndGet();
      open.add(client);
      daemon("fault-proxy-conn-" + n, () -> serve(client, n)).start();
    }
  }

  private void serve(Socket client, int n) {
    Socket upstream = new Socket();
    open.add(upstream);
    try {
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      Connection c = new Connection(client, upstream);
      Thread up = daemon("fault-proxy-up-" + n, c::clientToUpstream);
      up.start();
      c.upstreamToClient();
      up.join(10_000);
    } catch (IOException e) {
      // the client or the target went away: nothing to forward
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
      open.remove(client);
      open.remove(upstream);
    }
  }

  /** One proxied connection: two pumps and the state the faults need. */
  private final class Connection {
    final Socket client;
    final Socket upstream;
    volatile boolean responsePending;
    volatile boolean inRequest;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void clientToUpstream() {
      byte[] buf = new byte[16384];
      try (InputStream in = client.getInputStream()) {
        OutputStream out = upstream.getOutputStream();
        int r;
        while ((r = in.read(buf)) >= 0) {
          if (!inRequest) {
            inRequest = true;
            int n = requests.incrementAndGet();
            if (resetEvery > 0 && n % resetEvery == 0 && resetAllowed()) {
              resets.incrementAndGet();
              abort();
              return;
            }
          }
          responsePending = true;
          out.write(buf, 0, r);
          out.flush();
        }
        upstream.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(upstream);
      }
    }

    void upstreamToClient() {
      byte[] buf = new byte[16384];
      ResponseBody body = new ResponseBody(false);
      try (InputStream in = upstream.getInputStream()) {
        OutputStream out = client.getOutputStream();
        int r;
        while ((r = in.read(buf)) >= 0) {
          if (responsePending) {
            responsePending = false;
            inRequest = false;
            responses.incrementAndGet();
            body = new ResponseBody(cutEvery > 0 && sinceCut.incrementAndGet() >= cutEvery);
            if (delayMs > 0) {
              delays.incrementAndGet();
              Thread.sleep(delayMs);
            }
          }
          int cutAt = body.cut && cutAllowed() ? body.cutOffset(buf, r, cutAfterBytes) : -1;
          if (cutAt >= 0) {
            out.write(buf, 0, cutAt);
            out.flush();
            cuts.incrementAndGet();
            sinceCut.set(0);
            abort();
            return;
          }
          out.write(buf, 0, r);
          out.flush();
        }
        client.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(client);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
      }
    }

    /** Ends the connection with a TCP reset towards the client. */
    void abort() {
      try {
        client.setSoLinger(true, 0);
      } catch (SocketException e) {
        // already closed
      }
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  /** Where a response's body starts (after the blank line ending its headers), and its length. */
  private static final class ResponseBody {
    private static final byte[] END = {'\r', '\n', '\r', '\n'};
    final boolean cut;
    private int matched;
    private long bodyBytes = -1;

    ResponseBody(boolean cut) {
      this.cut = cut;
    }

    /**
     * The offset in {@code buf} at which the response has {@code limit} body bytes, if this chunk
     * carries the body past it; else -1 (the chunk is counted).
     */
    int cutOffset(byte[] buf, int len, long limit) {
      for (int i = 0; i < len; i++) {
        if (bodyBytes < 0) {
          matched = buf[i] == END[matched] ? matched + 1 : buf[i] == '\r' ? 1 : 0;
          if (matched == END.length) {
            bodyBytes = 0;
          }
        } else if (++bodyBytes > limit) {
          return i;
        }
      }
      return -1;
    }
  }

  /** Stops accepting (the port then refuses connections) and closes every open connection. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(server);
      for (Socket s : open) {
        closeQuietly(s);
      }
      open.clear();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
