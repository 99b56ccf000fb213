package ai.lepton.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports free on the loopback address right now, distinct from each other. */
final class FreePorts {

  private FreePorts() {}

  /** {@code count} distinct ports that nothing listens on at this moment. */
  static int[] take(int count, String host) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find free ports on " + host, e);
    } finally {
      sockets.forEach(FreePorts::closeQuietly);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // the port stays free for whoever binds it next
    }
  }
}
