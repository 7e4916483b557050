package io.alchemiser.execution;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.trading.ExecutionSummary;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.trading.TradeAction;
import io.alchemiser.shared.event.TradeExecuted;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.account.AccountLeases;
import io.alchemiser.shared.halt.TradingHalts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On {@code RebalancePlanned}: places every sell and waits (bounded) until each is done, so the cash
 * is freed; re-reads the account and scales the buys down together if the cash fell short; then
 * places the buys. Every order has a client order id derived from the workflow (correlation id,
 * symbol, side, sequence), and the broker is asked for those ids first, so a retried workflow adopts
 * the orders an earlier attempt placed and never places one twice (see {@link WorkflowOrders}). One
 * {@code TradeExecuted} per order as the broker reports it, adopted ones included, then
 * {@code WorkflowCompleted}, or {@code WorkflowFailed} when orders were due and none succeeded (or
 * any was refused, with {@code execution.onRejection: fail}). A dry run places nothing. A backtest's
 * simulated day trades on the backtest's scratch account ({@link BacktestAccounts}), never at the broker.
 * A live plan is placed only while the workflow holds its account's lease (taken over from the
 * planning, released once the last order is settled; see {@link AccountLeases}), and no live order
 * is placed while an operator has halted trading ({@link TradingHalts}).
 */
final class ExecutionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionVerticle.class);

  private final BrokerHolder brokerHolder;
  private final ExecutionSettings settings;
  private final AlchemiserMetrics metrics;
  private final BacktestAccounts backtests;
  private Broker liveBroker;
  private BacktestSpecs specs;
  private MessageConsumer<Object> ended;
  private EventPublisher publisher;
  private MessageConsumer<Object> consumer;
  private final String nodeName;
  private AccountLeases leases;
  private WorkflowOrders orders;
  private TradingHalts halts;

  ExecutionVerticle(BrokerHolder broker, BacktestAccounts backtests, ExecutionSettings settings, AlchemiserMetrics metrics, String nodeName) {
    this.nodeName = nodeName;
    this.brokerHolder = broker;
    this.backtests = backtests;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    liveBroker = brokerHolder.get(vertx);
    specs = new BacktestSpecs(vertx);
    ended = BacktestSpecs.onEnded(vertx, id -> {
      specs.forget(id);
      backtests.forget(vertx, id);
    });
    publisher = new EventPublisher(vertx, ExecutionPlugin.NAME);
    orders = new WorkflowOrders(vertx, settings);
    halts = new TradingHalts(vertx);
    consumer = EventInbox.of(vertx, publisher, metrics).handle(EventType.REBALANCE_PLANNED, RebalancePlanned.class, this::execute);
    return Future.all(consumer.completion(), ended.completion(),
        AccountLeases.start(vertx, metrics, nodeName).onSuccess(made -> leases = made));
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumer == null ? Future.succeededFuture() : consumer.unregister(),
        leases == null ? Future.succeededFuture() : leases.close(),
        ended == null ? Future.succeededFuture() : ended.unregister());
  }

  private Future<Void> execute(RebalancePlanned planned) {
    if (planned.simulation() == null && !planned.dryRun()) {
      // The workflow's lease passes from planning to here, and is released once the last order is settled.
      return liveBroker.accountId()
          .compose(account -> leases.takeOver(account, planned.correlationId()))
          .compose(lease -> execute(liveBroker, planned).eventually(() -> leases.release(lease)));
    }
    if (planned.simulation() == null) {
      return execute(liveBroker, planned);
    }
    return specs.get(planned.simulation().backtestId())
        .compose(spec -> backtests.on(vertx, spec, planned.simulation()))
        .compose(account -> execute(account, planned));
  }

  private Future<Void> execute(Broker broker, RebalancePlanned planned) {
    if (planned.dryRun()) {
      return publisher.emit(new WorkflowCompleted(metadata(EventType.WORKFLOW_COMPLETED, planned),
          new ExecutionSummary(0, 0, 0, 0, BigDecimal.ZERO, true)));
    }
    List<PlannedTrade> sells = planned.plan().sells();
    List<PlannedTrade> buys = planned.plan().buys();
    List<OrderReport> reports = new ArrayList<>();
    // Asked first even with nothing to trade: under a halt the operator sees every live workflow refused.
    Future<Void> trading = notHalted(planned, reports).compose(ok -> sells.isEmpty() && buys.isEmpty() ? Future.succeededFuture()
        : marketOpen(broker)
            .compose(v -> placeAll(broker, planned, sells, OrderSide.SELL, reports))
            .compose(v -> settings.pauseBeforeBuys().isZero() ? Future.succeededFuture()
                : vertx.timer(settings.pauseBeforeBuys().toMillis()).mapEmpty())
            .compose(v -> scaledBuys(broker, buys))
            .compose(scaled -> placeAll(broker, planned, scaled, OrderSide.BUY, reports)));
    return trading.compose(v -> adoptUnplanned(broker, planned, reports)).compose(v -> finish(planned, reports));
  }

  /**
   * Orders of this workflow for symbols the plan no longer trades (an earlier attempt placed them and
   * the account already shows their fills) are reported too, so the result lists every order the
   * broker holds for the workflow.
   */
  private Future<Void> adoptUnplanned(Broker broker, RebalancePlanned planned, List<OrderReport> reports) {
    Future<Void> chain = Future.succeededFuture();
    for (PlannedTrade line : planned.plan().trades()) {
      if (line.action() != TradeAction.HOLD) {
        continue;
      }
      for (OrderSide side : OrderSide.values()) {
        chain = chain.compose(v -> orders.existing(broker, planned.correlationId(), line.symbol(), side))
            .compose(found -> report(planned, found, reports));
      }
    }
    return chain;
  }

  private Future<Void> report(RebalancePlanned planned, List<OrderReport> orders, List<OrderReport> reports) {
    Future<Void> chain = Future.succeededFuture();
    for (OrderReport order : orders) {
      chain = chain.compose(v -> {
        reports.add(order);
        logOrder(planned.correlationId(), order);
        return publisher.emit(new TradeExecuted(metadata(EventType.TRADE_EXECUTED, planned), order));
      });
    }
    return chain;
  }

  /** One line per order as the broker reported it, its values as fields of their own in JSON logs. */
  private static void logOrder(String correlationId, OrderReport order) {
    io.alchemiser.shared.logging.WorkflowLogContext.withWorkflow(correlationId, ExecutionPlugin.NAME, EventType.TRADE_EXECUTED.wireName(), () -> LOG.atInfo()
        .addKeyValue("symbol", order.symbol()).addKeyValue("side", order.side().wire())
        .addKeyValue("quantity", order.filledQuantity()).addKeyValue("requestedQuantity", order.requestedQuantity())
        .addKeyValue("fillPrice", order.fillPrice()).addKeyValue("orderStatus", order.status().name())
        .addKeyValue("clientOrderId", order.clientOrderId()).addKeyValue("brokerOrderId", order.brokerOrderId())
        .log("order {} {} {}: {} {} at {}", order.side().wire(), order.requestedQuantity().toPlainString(), order.symbol(),
            order.status().name().toLowerCase(java.util.Locale.ROOT), order.filledQuantity().toPlainString(),
            order.fillPrice() == null ? "-" : order.fillPrice().toPlainString()));
  }

  private Future<Void> marketOpen(Broker broker) {
    if (!broker.live() || !settings.requireOpenMarket()) {
      return Future.succeededFuture();
    }
    return broker.clock().compose(clock -> clock.open() ? Future.succeededFuture()
        : Future.failedFuture(new WorkflowException(ErrorCodes.EXECUTION_ERROR, "the market is closed"
            + (clock.nextOpen() != null ? " (next open " + clock.nextOpen() + ")" : "")
            + "; orders are placed only while it is open (execution.requireOpenMarket)")));
  }

  /** Buys at the planned quantities, or all scaled by one factor if the cash the broker reports is short. */
  private Future<List<PlannedTrade>> scaledBuys(Broker broker, List<PlannedTrade> buys) {
    if (buys.isEmpty()) {
      return Future.succeededFuture(buys);
    }
    return broker.account(buys.stream().map(PlannedTrade::symbol).toList()).map(account -> {
      BigDecimal available = account.cash().min(account.buyingPower());
      BigDecimal cost = BigDecimal.ZERO;
      for (PlannedTrade buy : buys) {
        cost = cost.add(buy.quantity().multiply(account.prices().get(buy.symbol())));
      }
      if (cost.compareTo(available) <= 0) {
        return buys;
      }
      BigDecimal scale = available.max(BigDecimal.ZERO).divide(cost, MathContext.DECIMAL64);
      LOG.warn("buys cost {} but only {} is available; scaling them by {}", cost.toPlainString(), available.toPlainString(), scale);
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

  private Future<Void> placeAll(Broker broker, RebalancePlanned planned, List<PlannedTrade> trades, OrderSide side, List<OrderReport> reports) {
    Future<Void> chain = Future.succeededFuture();
    for (PlannedTrade trade : trades) {
      chain = chain.compose(v -> notHalted(planned, reports))
          .compose(v -> orders.place(broker, planned.correlationId(), trade, side)).compose(placed -> report(planned, placed, reports));
    }
    return chain;
  }

  /** The operator's halt, asked before every live order: a halt stops the very next one, on any node. */
  private Future<Void> notHalted(RebalancePlanned planned, List<OrderReport> reports) {
    if (planned.simulation() != null) {
      return Future.succeededFuture();
    }
    return halts.current()
        .recover(err -> Future.failedFuture(new WorkflowException(ErrorCodes.EXECUTION_ERROR, "cannot tell whether trading is halted ("
            + err.getMessage() + "); " + (reports.isEmpty() ? "no order of this workflow was placed" : "no further order was placed"))))
        .compose(halt -> !halt.halted() ? Future.<Void>succeededFuture()
        : Future.failedFuture(new WorkflowException(ErrorCodes.TRADING_HALTED, halt.describe() + "; "
            + (reports.isEmpty() ? "no order of this workflow was placed" : reports.size() + " of its orders were placed before the halt, no further one")
            + "; resume with 'alchemiser trading resume' or POST /api/trading/resume")));
  }

  private Future<Void> finish(RebalancePlanned planned, List<OrderReport> reports) {
    int filled = count(reports, OrderStatus.FILLED);
    int partial = count(reports, OrderStatus.PARTIALLY_FILLED);
    int refused = reports.size() - filled - partial;
    String reasons = reports.stream().filter(r -> !r.status().isSuccess())
        .map(r -> r.side().wire() + " " + r.symbol() + ": " + r.reason()).collect(Collectors.joining("; "));
    if (!reports.isEmpty() && filled + partial == 0) {
      return Future.failedFuture(new WorkflowException(ErrorCodes.EXECUTION_ERROR, "no order succeeded (" + reasons + ")"));
    }
    if (refused > 0 && settings.failOnRejection()) {
      return Future.failedFuture(new WorkflowException(ErrorCodes.EXECUTION_ERROR,
          refused + " of " + reports.size() + " orders did not fill (" + reasons + "); execution.onRejection is fail"));
    }
    BigDecimal traded = reports.stream().map(OrderReport::tradedValue).reduce(BigDecimal.ZERO, BigDecimal::add)
        .setScale(2, RoundingMode.HALF_EVEN);
    return publisher.emit(new WorkflowCompleted(metadata(EventType.WORKFLOW_COMPLETED, planned),
        new ExecutionSummary(reports.size(), filled, partial, refused, traded, false)));
  }

  private static int count(List<OrderReport> reports, OrderStatus status) {
    return (int) reports.stream().filter(r -> r.status() == status).count();
  }

  private static EventMetadata metadata(EventType type, RebalancePlanned cause) {
    return EventMetadata.next(type, cause.correlationId(), cause.metadata(), ExecutionPlugin.NAME);
  }
}
