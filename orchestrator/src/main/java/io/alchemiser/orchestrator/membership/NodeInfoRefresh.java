package io.alchemiser.orchestrator.membership;

import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a node's bus address (Vert.x's node info) to the cluster again every few seconds, as Vert.x
 * writes it once at start. A node whose entry is missing is a member no other node can send to ("Not a
 * member of the cluster"), for as long as it runs, and neither cluster manager writes it again: after a
 * member is given up, the coordinator removes its entry, and a member that comes back (a merge) stays
 * unreachable; CI once had a node unreachable from the orchestrator's node for twelve minutes with no
 * member having left (7 December 2026, Infinispan, five nodes started at once). The entry is the same
 * each time, so writing it again costs one small cluster write and heals whatever lost it.
 */
final class NodeInfoRefresh {
  static final long PERIOD_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(NodeInfoRefresh.class);

  private final ClusterManager manager;
  private Vertx vertx;
  private long timer = -1;

  NodeInfoRefresh(ClusterManager manager) {
    this.manager = manager;
  }

  synchronized void init(Vertx vertx) {
    this.vertx = vertx;
  }

  /** From the first write of the node info on (Vert.x's), until {@link #stop}. */
  synchronized void start() {
    if (timer < 0) {
      timer = vertx.setPeriodic(PERIOD_MS, id -> now());
    }
  }

  /** Writes it again now (a node whose info is not yet written has none to write). */
  void now() {
    NodeInfo mine = manager.getNodeInfo();
    if (mine != null && manager.isActive()) {
      manager.setNodeInfo(mine, (ok, err) -> {
        if (err != null && manager.isActive()) {
          LOG.warn("could not write this node's bus address to the cluster again: {}", err.getMessage());
        }
      });
    }
  }

  synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
