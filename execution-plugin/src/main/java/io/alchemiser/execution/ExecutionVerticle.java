package io.alchemiser.execution;

import io.alchemiser.shared.AlchemiserMetrics;
import io.alchemiser.shared.ErrorCodes;
import io.alchemiser.shared.EventInbox;
import io.alchemiser.shared.EventMetadata;
import io.alchemiser.shared.EventPublisher;
import io.alchemiser.shared.EventType;
import io.alchemiser.shared.ExecutionSummary;
import io.alchemiser.shared.OrderReport;
import io.alchemiser.shared.OrderSide;
import io.alchemiser.shared.OrderStatus;
import io.alchemiser.shared.PlannedTrade;
import io.alchemiser.shared.RebalancePlanned;
import io.alchemiser.shared.TradeExecuted;
import io.alchemiser.shared.WorkflowCompleted;
import io.alchemiser.shared.WorkflowException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * On {@code RebalancePlanned}: places every sell, then re-reads the cash the sells freed and scales
 * the buys down together if it falls short, then places the buys. One {@code TradeExecuted} per
 * order, then {@code WorkflowCompleted}, or {@code WorkflowFailed} when orders were due and none
 * succeeded. A dry run places nothing and completes with the plan.
 */
final class ExecutionVerticle extends VerticleBase {
  private final BrokerHolder brokerHolder;
  private final AlchemiserMetrics metrics;
  private Broker broker;
  private EventPublisher publisher;
  private MessageConsumer<Object> consumer;

  ExecutionVerticle(BrokerHolder broker, AlchemiserMetrics metrics) {
    this.brokerHolder = broker;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    broker = brokerHolder.get(vertx);
    publisher = new EventPublisher(vertx, ExecutionPlugin.NAME);
    consumer = EventInbox.handle(vertx, EventType.REBALANCE_PLANNED, RebalancePlanned.class, publisher, metrics, this::execute);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private Future<Void> execute(RebalancePlanned planned) {
    if (planned.dryRun()) {
      return publisher.emit(new WorkflowCompleted(metadata(EventType.WORKFLOW_COMPLETED, planned),
          new ExecutionSummary(0, 0, 0, 0, BigDecimal.ZERO, true)));
    }
    List<OrderReport> reports = new ArrayList<>();
    return placeAll(planned, planned.plan().sells(), OrderSide.SELL, reports)
        .compose(v -> scaledBuys(planned.plan().buys()))
        .compose(buys -> placeAll(planned, buys, OrderSide.BUY, reports))
        .compose(v -> finish(planned, reports));
  }

  /** Buys at the planned quantities, or all scaled by the same factor if the cash is now short. */
  private Future<List<PlannedTrade>> scaledBuys(List<PlannedTrade> buys) {
    if (buys.isEmpty()) {
      return Future.succeededFuture(buys);
    }
    return broker.account(buys.stream().map(PlannedTrade::symbol).toList()).map(account -> {
      BigDecimal cost = BigDecimal.ZERO;
      for (PlannedTrade buy : buys) {
        cost = cost.add(buy.quantity().multiply(account.prices().get(buy.symbol())));
      }
      if (cost.compareTo(account.cash()) <= 0) {
        return buys;
      }
      BigDecimal scale = account.cash().divide(cost, MathContext.DECIMAL64);
      List<PlannedTrade> scaled = new ArrayList<>();
      for (PlannedTrade buy : buys) {
        BigDecimal quantity = buy.quantity().multiply(scale).setScale(buy.quantity().scale(), RoundingMode.DOWN);
        if (quantity.signum() > 0) {
          scaled.add(new PlannedTrade(buy.symbol(), buy.price(), buy.currentQuantity(), buy.currentValue(),
              buy.currentWeight(), buy.targetWeight(), buy.targetValue(), buy.tradeValue().multiply(scale, MathContext.DECIMAL64),
              quantity, buy.action()));
        }
      }
      return scaled;
    });
  }

  private Future<Void> placeAll(RebalancePlanned planned, List<PlannedTrade> trades, OrderSide side, List<OrderReport> reports) {
    Future<Void> chain = Future.succeededFuture();
    for (PlannedTrade trade : trades) {
      chain = chain.compose(v -> place(planned, trade, side)
          .compose(report -> {
            reports.add(report);
            return publisher.emit(new TradeExecuted(metadata(EventType.TRADE_EXECUTED, planned), report));
          }));
    }
    return chain;
  }

  private Future<OrderReport> place(RebalancePlanned planned, PlannedTrade trade, OrderSide side) {
    String clientOrderId = ClientOrderIds.of(planned.correlationId(), trade.symbol(), side);
    return broker.placeMarketOrder(trade.symbol(), side, trade.quantity(), clientOrderId);
  }

  private Future<Void> finish(RebalancePlanned planned, List<OrderReport> reports) {
    int filled = count(reports, OrderStatus.FILLED);
    int partial = count(reports, OrderStatus.PARTIALLY_FILLED);
    int rejected = reports.size() - filled - partial;
    if (!reports.isEmpty() && filled + partial == 0) {
      String reasons = reports.stream().map(r -> r.symbol() + ": " + r.reason()).collect(Collectors.joining("; "));
      return Future.failedFuture(new WorkflowException(ErrorCodes.EXECUTION_ERROR, "no order succeeded (" + reasons + ")"));
    }
    BigDecimal traded = reports.stream().map(OrderReport::tradedValue).reduce(BigDecimal.ZERO, BigDecimal::add)
        .setScale(2, RoundingMode.HALF_EVEN);
    return publisher.emit(new WorkflowCompleted(metadata(EventType.WORKFLOW_COMPLETED, planned),
        new ExecutionSummary(reports.size(), filled, partial, rejected, traded, false)));
  }

  private static int count(List<OrderReport> reports, OrderStatus status) {
    return (int) reports.stream().filter(r -> r.status() == status).count();
  }

  private static EventMetadata metadata(EventType type, RebalancePlanned cause) {
    return EventMetadata.next(type, cause.correlationId(), cause.metadata(), ExecutionPlugin.NAME);
  }
}
