package io.alchemiser.orchestrator.membership;

import com.hazelcast.config.Config;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Vert.x's Hazelcast cluster manager, with this node's bus address written again every few seconds ({@link NodeInfoRefresh}). */
public final class HazelcastMembership extends HazelcastClusterManager {
  private final NodeInfoRefresh refresh = new NodeInfoRefresh(this);

  public HazelcastMembership(Config config) {
    super(config);
  }

  @Override
  public void init(Vertx vertx) {
    refresh.init(vertx);
    super.init(vertx);
  }

  @Override
  public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
    super.setNodeInfo(nodeInfo, promise);
    refresh.start();
  }

  @Override
  public void leave(Completable<Void> promise) {
    refresh.stop();
    super.leave(promise);
  }
}
