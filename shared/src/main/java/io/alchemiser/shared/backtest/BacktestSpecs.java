package io.alchemiser.shared.backtest;

import io.alchemiser.shared.cluster.ClusterMap;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.json.Json;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the modules find a running backtest's {@link BacktestSpec}: a map every node shares (a
 * Hazelcast map in a cluster), written by the runner before the first simulated day. Each module
 * keeps the specs it has read in a small cache of its own, and drops a backtest's state when the
 * runner announces its end on {@link #ENDED}.
 */
public final class BacktestSpecs {
  /** Published with the backtest id as body when a backtest ends, however it ends. */
  public static final String ENDED = "alchemiser.backtests.ended";
  /** Correlation ids of simulated days start with this; no live workflow may use it. */
  public static final String WORKFLOW_PREFIX = io.alchemiser.shared.event.Simulation.WORKFLOW_PREFIX;
  private static final Duration KEEP = Duration.ofHours(24);
  private static final int CACHED = 64;

  private final Vertx vertx;
  private final Map<String, BacktestSpec> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, BacktestSpec> eldest) {
      return size() > CACHED;
    }
  };

  public BacktestSpecs(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Every simulated day of the backtest has a correlation id starting with this. */
  public static String workflowPrefix(String backtestId) {
    return WORKFLOW_PREFIX + backtestId + "-";
  }

  public static Future<Void> put(Vertx vertx, BacktestSpec spec) {
    String json = Json.toBuffer(spec).toString();
    return ClusterMap.BACKTESTS.<String, String>open(vertx).compose(map -> map.put(spec.id(), json, KEEP.toMillis()));
  }

  /** Removes the spec and tells every module to drop what it holds for the backtest. */
  public static Future<Void> ended(Vertx vertx, String id) {
    vertx.eventBus().publish(ENDED, id);
    return ClusterMap.BACKTESTS.<String, String>open(vertx).compose(map -> map.remove(id)).mapEmpty();
  }

  /** Calls {@code onEnd} with the id of every backtest that ends, on the caller's context. */
  public static MessageConsumer<Object> onEnded(Vertx vertx, Consumer<String> onEnd) {
    return vertx.eventBus().consumer(ENDED, message -> {
      if (message.body() instanceof String id) {
        onEnd.accept(id);
      }
    });
  }

  /** The spec of a running backtest; fails with a workflow error when it is unknown (ended, or never started). */
  public Future<BacktestSpec> get(String id) {
    BacktestSpec cached = cache.get(id);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return ClusterMap.BACKTESTS.<String, String>open(vertx).compose(map -> map.get(id)).compose(json -> {
      if (json == null) {
        return Future.failedFuture(new WorkflowException(ErrorCodes.BACKTEST_ERROR, "backtest " + id + " is not running"));
      }
      try {
        BacktestSpec spec = Json.MAPPER.readValue(json, BacktestSpec.class);
        cache.put(id, spec);
        return Future.succeededFuture(spec);
      } catch (IOException e) {
        return Future.failedFuture(new WorkflowException(ErrorCodes.BACKTEST_ERROR, "backtest " + id + " has an unreadable spec: " + Json.describe(e)));
      }
    });
  }

  public void forget(String id) {
    cache.remove(id);
  }
}
