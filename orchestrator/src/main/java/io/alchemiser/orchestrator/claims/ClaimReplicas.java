package io.alchemiser.orchestrator.claims;

import io.alchemiser.orchestrator.journal.GroupCommit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The holder's side of the {@link ClaimReplica}s: its claims go, in groups ({@link GroupCommit}: all
 * made since the last write began), to every node of the cluster over the event bus, and a claim counts
 * once every node kept in step has taken its group. A node not yet kept in step (it joined, or this node
 * just took the lease, or it missed a group) is first sent everything this holder knows, at most once a
 * second; one that does not answer a group in time is no longer kept in step (and is sent everything
 * again later), so that a node that hangs delays starts by seconds, not for as long as it hangs. So the
 * claims outlive this node as long as one other node that took them does.
 *
 * <p>Bus messages, not a cluster-map write: a map write crossed the membership's own connections
 * (JGroups), whose threads took 14–23 % of each JVM's CPU at the cluster benchmark's rate.
 */
final class ClaimReplicas {
  private static final long GROUP_TIMEOUT_MS = 2_000;
  private static final long FULL_TIMEOUT_MS = 10_000;
  private static final long RESYNC_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClaimReplicas.class);

  private final Vertx vertx;
  private final ClusterManager cluster;
  /** Everything this holder refuses, by id (its live map; {@link #readAll} adds what the nodes kept): what a node not in step is sent. */
  private final Map<String, Long> everything;
  private final GroupCommit<ClaimRecords.Claim> groups;
  /** Nodes that took everything this holder sent them since it took the lease. */
  private final Set<String> inStep = ConcurrentHashMap.newKeySet();
  /** When each node not in step may be sent everything next (epoch ms). */
  private final Map<String, Long> nextFull = new ConcurrentHashMap<>();

  ClaimReplicas(Vertx vertx, Map<String, Long> everything) {
    this.vertx = vertx;
    this.cluster = ((VertxInternal) vertx).clusterManager();
    this.everything = everything;
    this.groups = new GroupCommit<>(vertx, this::write);
  }

  /**
   * While {@code holding}, sends everything to nodes not in step once a second even when nothing is
   * claimed: a node that joins has the claims before this holder can die, not only after its next start.
   */
  long keepInStep(java.util.function.BooleanSupplier holding) {
    return vertx.setPeriodic(RESYNC_MS, id -> {
      if (holding.getAsBoolean() && !inStep.containsAll(cluster.getNodes())) {
        groups.append(ClaimRecords.NOTHING);
      }
    });
  }

  /** Completes once the claim is with every node kept in step, on the event loop that made it. */
  Future<Void> append(ClaimRecords.Claim claim) {
    return groups.append(claim);
  }

  private Future<Void> write(List<ClaimRecords.Claim> claims) {
    Buffer group = ClaimRecords.encode(claims);
    List<String> nodes = cluster.getNodes();
    inStep.retainAll(nodes);
    nextFull.keySet().retainAll(nodes);
    long now = System.currentTimeMillis();
    Future<Buffer> full = null;
    List<Future<Void>> sent = new ArrayList<>(nodes.size());
    for (String node : nodes) {
      if (inStep.contains(node)) {
        if (group.length() == 0) {
          continue;
        }
        sent.add(request(node, "groups", group, GROUP_TIMEOUT_MS).recover(err -> {
          inStep.remove(node);
          LOG.warn("node {} did not take a group of workflow claims ({}); it is sent all of them again", node, err.getMessage());
          return Future.succeededFuture();
        }));
      } else if (nextFull.getOrDefault(node, 0L) <= now) {
        // Everything, this group's claims included (they are in the map before they are appended), encoded
        // on a worker: at a high start rate that is hundreds of thousands of claims (a workflow's timeout
        // plus a minute of starts), tens of milliseconds an event loop would not serve its partition.
        if (full == null) {
          full = vertx.executeBlocking(() -> ClaimRecords.encode(everything, now), false);
        }
        nextFull.put(node, now + RESYNC_MS);
        sent.add(full.compose(records -> request(node, "full", records, FULL_TIMEOUT_MS)).map(v -> {
          inStep.add(node);
          nextFull.remove(node);
          return (Void) null;
        }).recover(err -> {
          // No handler: a node still starting (or not one of ours); it is tried again in a second.
          if (!noHandler(err)) {
            LOG.warn("node {} did not take the workflow claims ({}); tried again in a second", node, err.getMessage());
          }
          return Future.succeededFuture();
        }));
      }
    }
    return Future.join(sent).mapEmpty();
  }

  /**
   * Adds every claim kept by any node to this holder's own (the latest {@code until} of each id), once
   * every node is read; a node that cannot be read fails it and nothing is added, unless it has no
   * replica (it is still starting, and was never sent any). Completes with how many claims the nodes
   * held, counted per node. Afterwards every node is sent everything this node then knows before it
   * counts as in step. The bytes are read and merged on workers, as everything is encoded: they are as
   * many as the claims (the holder's map is concurrent).
   */
  Future<Integer> readAll() {
    inStep.clear();
    nextFull.clear();
    List<Future<Map<String, Long>>> read = new ArrayList<>();
    for (String node : cluster.getNodes()) {
      read.add(vertx.eventBus().<Object>request(ClaimReplica.address(node), null, options("read", FULL_TIMEOUT_MS)).compose(reply -> {
        if (!(reply.body() instanceof Buffer records)) {
          return Future.failedFuture(new IllegalStateException("node " + node + " answered with no claims"));
        }
        return vertx.executeBlocking(() -> ClaimRecords.replay(records), false);
      }).recover(err -> noHandler(err) ? Future.succeededFuture(Map.of())
          : Future.failedFuture(new IllegalStateException("the claims of node " + node + " could not be read: " + err.getMessage()))));
    }
    return Future.all(read).compose(all -> vertx.executeBlocking(() -> {
      int claims = 0;
      for (int i = 0; i < all.size(); i++) {
        Map<String, Long> node = all.resultAt(i);
        node.forEach((id, until) -> everything.merge(id, until, Math::max));
        claims += node.size();
      }
      return claims;
    }, false));
  }

  private Future<Void> request(String node, String op, Buffer records, long timeoutMs) {
    return vertx.eventBus().request(ClaimReplica.address(node), records, options(op, timeoutMs)).mapEmpty();
  }

  private static DeliveryOptions options(String op, long timeoutMs) {
    return new DeliveryOptions().addHeader(ClaimReplica.OP, op).setSendTimeout(timeoutMs);
  }

  private static boolean noHandler(Throwable err) {
    return err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
