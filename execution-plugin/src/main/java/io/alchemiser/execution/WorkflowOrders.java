package io.alchemiser.execution;

import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.PlannedTrade;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workflow's orders at the broker, each placed once however often the workflow is retried: every
 * order's client order id is derived from the workflow, symbol, side and sequence
 * ({@link ClientOrderIds}), and the broker is asked for those ids before anything is placed, so an
 * earlier attempt's orders are adopted rather than placed again. Each order is reported once it is
 * done, polled until then; at the fill timeout what is left is cancelled.
 */
final class WorkflowOrders {
  /** The execution module's logger, as before: operators filter its lines by that name. */
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionVerticle.class);

  private final Vertx vertx;
  private final ExecutionSettings settings;

  WorkflowOrders(Vertx vertx, ExecutionSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /**
   * The orders for one line of the plan. Orders an earlier attempt of this workflow placed are
   * adopted first. Those that were already done are in the account the plan was made from, so the
   * planned quantity is still missing and goes out under the next client order id. One that was still
   * working is waited for, and nothing more is placed: the plan could not know its fill, and the next
   * run trades any remainder.
   */
  Future<List<OrderReport>> place(Broker broker, String correlationId, PlannedTrade trade, OrderSide side) {
    return broker.orderByClientOrderId(ClientOrderIds.of(correlationId, trade.symbol(), side, 1)).compose(first -> {
      if (first.isEmpty()) {
        return submit(broker, trade, side, ClientOrderIds.of(correlationId, trade.symbol(), side, 1)).map(List::of);
      }
      boolean wasWorking = !first.get().done();
      return existing(broker, correlationId, trade.symbol(), side).compose(adopted -> {
        if (wasWorking) {
          return Future.succeededFuture(adopted);
        }
        String next = ClientOrderIds.of(correlationId, trade.symbol(), side, adopted.size() + 1);
        return submit(broker, trade, side, next).map(placed -> {
          List<OrderReport> all = new ArrayList<>(adopted);
          all.add(placed);
          return all;
        });
      });
    });
  }

  private Future<OrderReport> submit(Broker broker, PlannedTrade trade, OrderSide side, String clientOrderId) {
    return broker.submitMarketOrder(trade.symbol(), side, trade.quantity(), clientOrderId).compose(order -> whenDone(broker, order));
  }

  /** Polls until the order is done; at the fill timeout, cancels what is left and reports the order as it then is. */
  private Future<OrderReport> whenDone(Broker broker, Broker.BrokerOrder order) {
    if (order.done()) {
      return Future.succeededFuture(order.report());
    }
    long deadline = System.nanoTime() + settings.fillTimeout().toNanos();
    Promise<OrderReport> promise = Promise.promise();
    poll(broker, order.report().brokerOrderId(), deadline, promise);
    return promise.future();
  }

  private void poll(Broker broker, String brokerOrderId, long deadline, Promise<OrderReport> promise) {
    vertx.setTimer(settings.pollInterval().toMillis(), t -> broker.order(brokerOrderId).onComplete(result -> {
      if (result.failed()) {
        promise.fail(result.cause());
      } else if (result.result().done()) {
        promise.complete(result.result().report());
      } else if (System.nanoTime() > deadline) {
        LOG.warn("order {} not done after {}; cancelling what is left", brokerOrderId, settings.fillTimeout());
        broker.cancel(brokerOrderId).compose(v -> broker.order(brokerOrderId))
            .map(Broker.BrokerOrder::report)
            .onComplete(promise);
      } else {
        poll(broker, brokerOrderId, deadline, promise);
      }
    }));
  }

  /** The workflow's orders for a symbol and side already at the broker, in sequence, each once it is done. */
  Future<List<OrderReport>> existing(Broker broker, String correlationId, String symbol, OrderSide side) {
    return existing(broker, correlationId, symbol, side, 1, new ArrayList<>());
  }

  private Future<List<OrderReport>> existing(Broker broker, String correlationId, String symbol, OrderSide side, int sequence, List<OrderReport> found) {
    String clientOrderId = ClientOrderIds.of(correlationId, symbol, side, sequence);
    return broker.orderByClientOrderId(clientOrderId).compose(order -> {
      if (order.isEmpty()) {
        return Future.succeededFuture(found);
      }
      LOG.info("adopting order {} already at the broker ({})", clientOrderId, order.get().report().status());
      return whenDone(broker, order.get()).compose(report -> {
        found.add(report);
        return existing(broker, correlationId, symbol, side, sequence + 1, found);
      });
    });
  }
}
