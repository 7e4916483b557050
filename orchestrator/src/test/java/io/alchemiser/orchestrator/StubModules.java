package io.alchemiser.orchestrator;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.trading.ExecutionSummary;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.trading.TradeAction;
import io.alchemiser.shared.event.TradeExecuted;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Neighbouring modules faked as tiny verticles speaking the real events: each workflow gets a
 * result derived from its own correlation id, so mixed-up workflows would show.
 */
final class StubModules extends VerticleBase {
  @Override
  public Future<?> start() {
    EventPublisher strategy = new EventPublisher(vertx, "strategy");
    EventPublisher portfolio = new EventPublisher(vertx, "portfolio");
    EventPublisher execution = new EventPublisher(vertx, "execution");
    return Future.all(
        EventInbox.of(vertx, strategy, AlchemiserMetrics.NOOP).handle(EventType.WORKFLOW_STARTED, WorkflowStarted.class,
            e -> strategy.emit(signal(e))).completion(),
        EventInbox.of(vertx, portfolio, AlchemiserMetrics.NOOP).handle(EventType.SIGNAL_GENERATED, SignalGenerated.class,
            e -> portfolio.emit(plan(e))).completion(),
        EventInbox.of(vertx, execution, AlchemiserMetrics.NOOP).handle(EventType.REBALANCE_PLANNED, RebalancePlanned.class,
            e -> execution.emit(trade(e)).compose(v -> execution.emit(done(e)))).completion());
  }

  /** The symbol a workflow's stubs trade: derived from its id. */
  static String symbolOf(String correlationId) {
    return "S" + Math.floorMod(correlationId.hashCode(), 100_000);
  }

  static BigDecimal quantityOf(String correlationId) {
    return BigDecimal.valueOf(Math.floorMod(correlationId.hashCode(), 997) + 1);
  }

  private static SignalGenerated signal(WorkflowStarted e) {
    Map<String, BigDecimal> allocation = Map.of(symbolOf(e.correlationId()), BigDecimal.ONE);
    return new SignalGenerated(EventMetadata.next(EventType.SIGNAL_GENERATED, e.correlationId(), e.metadata(), "strategy"),
        allocation, List.of(new StrategySignal("stub", BigDecimal.ONE, allocation, List.of())), LocalDate.of(2025, 1, 2),
        null, e.dryRun());
  }

  private static RebalancePlanned plan(SignalGenerated e) {
    String symbol = e.allocation().keySet().iterator().next();
    BigDecimal quantity = quantityOf(e.correlationId());
    PlannedTrade trade = new PlannedTrade(symbol, BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
        BigDecimal.ONE, quantity.multiply(BigDecimal.TEN), quantity.multiply(BigDecimal.TEN), quantity, TradeAction.BUY);
    return new RebalancePlanned(EventMetadata.next(EventType.REBALANCE_PLANNED, e.correlationId(), e.metadata(), "portfolio"),
        new RebalancePlan(new BigDecimal("100000"), new BigDecimal("100000"), BigDecimal.ZERO, BigDecimal.ZERO,
            quantity.multiply(BigDecimal.TEN), List.of(trade)), e.dryRun());
  }

  private static TradeExecuted trade(RebalancePlanned e) {
    PlannedTrade t = e.plan().trades().get(0);
    return new TradeExecuted(EventMetadata.next(EventType.TRADE_EXECUTED, e.correlationId(), e.metadata(), "execution"),
        new OrderReport(t.symbol(), OrderSide.BUY, t.quantity(), t.quantity(), BigDecimal.TEN, OrderStatus.FILLED,
            "broker-" + e.correlationId(), e.correlationId() + "-" + t.symbol() + "-b", null));
  }

  private static WorkflowCompleted done(RebalancePlanned e) {
    return new WorkflowCompleted(EventMetadata.next(EventType.WORKFLOW_COMPLETED, e.correlationId(), e.metadata(), "execution"),
        new ExecutionSummary(1, 1, 0, 0, e.plan().totalBuyValue(), false));
  }
}
