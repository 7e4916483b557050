package io.alchemiser.shared.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Arrays;
import java.util.List;

/**
 * Every cluster-wide map the product keeps, by name, and the only way to open one. The names are
 * known before a node joins so that its cluster manager can make each map's storage as it joins
 * (Infinispan: a replicated cache on every node), instead of on first use: a map first made while
 * another node joins could fail that node's start (Infinispan's ISPN000453 / ISPN000436).
 */
public enum ClusterMap {
  /** The workflows started and not yet ended, by id: one start per id cluster-wide. */
  ACTIVE_WORKFLOWS("alchemiser.active-workflows"),
  /** Which workflow holds each trading account. */
  ACCOUNT_LEASES("alchemiser.account-leases"),
  /** The workflows queued for each trading account. */
  ACCOUNT_LEASE_WAITERS("alchemiser.account-lease-waiters"),
  /** Whether trading is halted, and why. */
  TRADING_HALT("alchemiser.trading-halt"),
  /** The backtests running, by id, with what each simulates. */
  BACKTESTS("alchemiser.backtests"),
  /** Which execution node keeps each backtest's simulated account. */
  BACKTEST_ACCOUNTS("alchemiser.backtests.accounts"),
  /** The events a notifications module has taken on to tell of, by event id: one module tells, however many observe. */
  NOTICES_TAKEN("alchemiser.notifications.taken");

  private final String mapName;

  ClusterMap(String mapName) {
    this.mapName = mapName;
  }

  /** The map's name in the cluster manager. */
  public String mapName() {
    return mapName;
  }

  /** The map, on this node's cluster (a map of this process only when Vert.x is not clustered). */
  public <K, V> Future<AsyncMap<K, V>> open(Vertx vertx) {
    return vertx.sharedData().getAsyncMap(mapName);
  }

  /** Every map's name, for a cluster manager to make as its node joins. */
  public static List<String> mapNames() {
    return Arrays.stream(values()).map(ClusterMap::mapName).toList();
  }
}
