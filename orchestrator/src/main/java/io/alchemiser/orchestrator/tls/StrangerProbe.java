package io.alchemiser.orchestrator.tls;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast's open-source edition lets any process that knows the cluster's name and a member join
 * it. Such a stranger cannot speak on the event bus (mutual TLS), but it is a member: so every node
 * that appears is tried at once with a TLS handshake to its event bus, as our own nodes would talk to
 * it, and one that fails is logged and counted ({@link BusRefusals}) — the operator learns of a
 * stranger when it arrives, not only when a delivery to it fails.
 */
public final class StrangerProbe {
  private static final Logger LOG = LoggerFactory.getLogger(StrangerProbe.class);
  /** How often the cluster's nodes are looked at for new ones. */
  private static final long LOOK_EVERY_MS = 1_000;

  private final Vertx vertx;
  private final ClusterManager manager;
  private final NetClient client;
  /** Nodes tried (or being tried), of those there are. */
  private final java.util.Set<String> tried = new java.util.HashSet<>();

  private StrangerProbe(Vertx vertx, ClusterManager manager, TlsFiles tls) {
    this.vertx = vertx;
    this.manager = manager;
    // The same TLS as the bus's own connections: our certificate, our CA the only trust.
    this.client = vertx.createNetClient(new NetClientOptions().setSsl(true).setConnectTimeout(2_000).setHostnameVerificationAlgorithm("")
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca().toString())));
  }

  /** Tries every node there is, and each that joins from now on (looked for every second). */
  public static void watch(Vertx vertx, ClusterManager manager, TlsFiles tls) {
    StrangerProbe probe = new StrangerProbe(vertx, manager, tls);
    vertx.setPeriodic(0, LOOK_EVERY_MS, id -> probe.lookForNewNodes());
  }

  private void lookForNewNodes() {
    java.util.List<String> nodes = manager.getNodes();
    tried.retainAll(nodes);
    for (String node : nodes) {
      if (!node.equals(manager.getNodeId()) && tried.add(node)) {
        Promise<NodeInfo> info = Promise.promise();
        manager.getNodeInfo(node, info);
        info.future().onComplete(result -> {
          if (result.succeeded() && result.result() != null) {
            handshake(node, result.result());
          } else {
            // Its event bus is not announced yet: the next look tries again.
            tried.remove(node);
          }
        });
      }
    }
  }

  private void handshake(String node, NodeInfo info) {
    client.connect(info.port(), info.host())
        .onSuccess(socket -> {
          LOG.debug("cluster node {} holds a certificate of the cluster's CA", node);
          socket.close();
        })
        .onFailure(err -> {
          if (isTls(err)) {
            BusRefusals.stranger(node + " (event bus " + info.host() + ":" + info.port() + ")", err.getMessage());
          } else {
            LOG.debug("cluster node {}: its event bus at {}:{} did not answer: {}", node, info.host(), info.port(), err.getMessage());
          }
        });
  }

  private static boolean isTls(Throwable err) {
    for (Throwable cause = err; cause != null; cause = cause.getCause()) {
      String name = cause.getClass().getName();
      if (cause instanceof javax.net.ssl.SSLException || name.contains("Ssl") || name.contains("SSL")) {
        return true;
      }
    }
    return false;
  }
}
