package io.alchemiser.orchestrator.app;

import io.alchemiser.orchestrator.membership.MembershipView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node says about its cluster: the members it sees when it has joined and whenever one comes
 * or goes. A node that only joins (it is not among the members it was given) waits until a member
 * answers before it starts Hazelcast — started earlier, it would form a cluster of its own — and
 * one that still finds nobody does not run alone silently: it stops, naming the members it tried.
 */
public final class ClusterMembership {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
  private static final int CONNECT_TIMEOUT_MS = 500;

  /** Nobody to join: the members named could not be reached in time. */
  public static final class NoMembersException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoMembersException(String message) {
      super(message);
    }
  }

  private ClusterMembership() {
  }

  /**
   * Blocks (before Vert.x and Hazelcast exist, on the launcher's thread) until one of the members
   * accepts a connection; returns at once for a node that is a member itself.
   */
  static void awaitReachableMember(ClusterSettings settings) throws InterruptedException {
    if (settings.isMember(settings.bindAddress(), settings.port())) {
      return;
    }
    List<InetSocketAddress> candidates = new ArrayList<>();
    for (ClusterSettings.Member member : settings.parsedMembers()) {
      if (member.port() != null) {
        candidates.add(new InetSocketAddress(member.host(), member.port()));
      } else {
        for (int i = 0; i < ClusterSettings.PORTS_TRIED; i++) {
          candidates.add(new InetSocketAddress(member.host(), ClusterSettings.FIRST_PORT + i));
        }
      }
    }
    long deadline = System.nanoTime() + settings.joinTimeout().toNanos();
    boolean said = false;
    while (true) {
      for (InetSocketAddress candidate : candidates) {
        if (!candidate.isUnresolved() && answers(candidate)) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw noMembers(settings, settings.bindAddress());
      }
      if (!said) {
        LOG.info("waiting up to {} s for a cluster member to answer: {}", settings.joinTimeout().toSeconds(), String.join(", ", settings.members()));
        said = true;
      }
      Thread.sleep(500);
    }
  }

  private static boolean answers(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Logs the members now and whenever they change; fails when a node that only joins is alone. */
  static Future<Void> joined(Vertx vertx, MembershipView view, ClusterSettings settings) {
    view.onChange(change -> LOG.info("cluster member {}; members now: {}", change, String.join(", ", view.members())));
    String self = view.self();
    int colon = self.lastIndexOf(':');
    String address = self.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(self.substring(colon + 1));
    LOG.info("joined cluster '{}' as {} ({}); members: {}", view.clusterName(), self, settings.manager().name().toLowerCase(java.util.Locale.ROOT)
        + (settings.tls() != null ? ", bus over mutual TLS by " + io.alchemiser.orchestrator.tls.TlsEngine.describe() : "")
        + (settings.tls() != null && settings.manager() == ClusterSettings.Manager.INFINISPAN ? ", membership over mutual TLS" : ""),
        String.join(", ", view.members()));
    if (settings.isMember(address, port) || view.members().size() > 1) {
      return Future.succeededFuture();
    }
    // A member answered, yet this node is alone: give a join in progress a moment, then say so.
    Promise<Void> found = Promise.promise();
    long deadline = System.nanoTime() + settings.joinTimeout().toNanos();
    vertx.setPeriodic(250, id -> {
      if (view.members().size() > 1) {
        vertx.cancelTimer(id);
        found.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        found.tryFail(noMembers(settings, self));
      }
    });
    return found.future();
  }

  private static NoMembersException noMembers(ClusterSettings settings, String from) {
    return new NoMembersException("no cluster member could be reached within " + settings.joinTimeout().toSeconds()
        + " s; tried " + String.join(", ", settings.members()) + " from " + from + " (cluster name '"
        + (settings.name() != null ? settings.name() : "from the cluster config") + "'). Start a member first, or check the member list,"
        + " the cluster name and the firewall");
  }
}
