package io.alchemiser.orchestrator.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hazelcast ports for nodes started on this host (the cluster demo, the benchmark, the tests), free
 * now and unlikely to be taken before the nodes bind them: below Linux's ephemeral range (32768 and
 * up), where every node's event bus, HTTP port and outgoing connections take theirs. A port handed
 * out by the system for port 0 would be in that range, and could be gone by the time a node binds it.
 */
public final class ClusterPorts {
  private static final int FIRST = 20_000;
  private static final int COUNT = 12_000;

  private ClusterPorts() {
  }

  public static List<Integer> free(int count) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int tries = 0; ports.size() < count; tries++) {
      if (tries > 1_000) {
        throw new IOException("no free port in " + FIRST + "-" + (FIRST + COUNT - 1) + " on 127.0.0.1");
      }
      int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
      if (ports.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        ports.add(port);
      } catch (IOException taken) {
        // Try another.
      }
    }
    return ports;
  }
}
