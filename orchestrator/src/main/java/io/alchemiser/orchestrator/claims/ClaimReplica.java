package io.alchemiser.orchestrator.claims;

import io.alchemiser.shared.logging.UntrustedText;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of the workflow starts the holder of the start lease allowed, kept for whoever
 * holds the lease next. Every node of a cluster keeps one, whichever modules it runs, so that the
 * claims outlive the orchestrators: the holder sends each group of claims to every node on the event
 * bus's own connections (mutual TLS) and starts their workflows once every node it keeps in step has
 * taken them ({@link ClaimReplicas}); a node it does not yet keep in step gets everything it claimed
 * first. Groups are kept as they came, in order, until their last claim expires.
 *
 * <p>Its address names the node: {@code alchemiser.claims.replica.<node id>}. It answers three
 * requests, told apart by the {@code op} header: {@code groups} (append), {@code full} (replace
 * everything: the holder's whole view) and {@code read} (everything, in order). Anything else, or bytes
 * that are not claims, is refused with a failure naming what was wrong, and changes nothing.
 */
public final class ClaimReplica {
  static final String ADDRESS = "alchemiser.claims.replica.";
  static final String OP = "op";
  private static final long PRUNE_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClaimReplica.class);

  /** The groups as they came, each with the latest until of its records; read and changed on {@link #context} only. */
  private final ArrayDeque<Group> groups = new ArrayDeque<>();
  private final Context context;

  private record Group(long until, Buffer records) {
  }

  private ClaimReplica(Vertx vertx) {
    this.context = ((VertxInternal) vertx).createEventLoopContext();
  }

  static String address(String nodeId) {
    return ADDRESS + nodeId;
  }

  /** Starts this node's replica (clustered only), until Vert.x closes; completes once its address is registered in the cluster. */
  public static Future<Void> serve(Vertx vertx) {
    ClaimReplica replica = new ClaimReplica(vertx);
    String nodeId = ((VertxInternal) vertx).clusterManager().getNodeId();
    Promise<Void> registered = Promise.promise();
    replica.context.runOnContext(v -> {
      MessageConsumer<Object> consumer = vertx.eventBus().consumer(address(nodeId), replica::handle);
      vertx.setPeriodic(PRUNE_MS, id -> replica.prune());
      consumer.completion().onComplete(registered);
    });
    return registered.future();
  }

  private void handle(Message<Object> message) {
    String op = message.headers().get(OP);
    if ("read".equals(op)) {
      prune();
      Buffer all = Buffer.buffer();
      groups.forEach(g -> all.appendBuffer(g.records()));
      message.reply(all);
      return;
    }
    if (!"groups".equals(op) && !"full".equals(op)) {
      refuse(message, "unknown op " + (op == null ? "(none)" : "'" + UntrustedText.abbreviate(op, 40) + "'") + ": expected groups, full or read");
      return;
    }
    if (!(message.body() instanceof Buffer records)) {
      refuse(message, "'" + op + "' needs claims as bytes, not " + (message.body() == null ? "nothing" : message.body().getClass().getSimpleName()));
      return;
    }
    long until;
    try {
      until = ClaimRecords.checked(records);
    } catch (IllegalArgumentException e) {
      refuse(message, "'" + op + "': " + e.getMessage());
      return;
    }
    if ("full".equals(op)) {
      groups.clear();
    }
    if (records.length() > 0) {
      groups.addLast(new Group(until, records));
    }
    message.reply(null);
  }

  private void refuse(Message<Object> message, String why) {
    LOG.warn("refused a message to this node's claims of workflow starts: {}", why);
    message.fail(400, "claims replica: " + why);
  }

  private void prune() {
    long now = System.currentTimeMillis();
    for (Iterator<Group> it = groups.iterator(); it.hasNext(); ) {
      if (it.next().until() < now) {
        it.remove();
      }
    }
  }
}
