package io.alchemiser.orchestrator.bench;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.bus.EventCodec;
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
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The stand-ins of {@code alchemiser bench}: modules that speak our real event model (the inbox with
 * its checks, the publisher, the real events) but do no work; the raw baseline — five plain event-bus
 * hops carrying bodies as large as our five events; and the raw-events baseline — five hops that do
 * what any event hop must (decode the event, make the next one with a new id and its causation,
 * send it with its headers, JSON when it leaves the JVM) and nothing else.
 */
public final class BenchModules {
  public static final String RAW_PREFIX = "bench.raw.";
  public static final String RAW_DONE = "bench.raw.done";
  public static final String ID_HEADER = "bench-id";
  public static final String EVENTS_PREFIX = "bench.events.";
  public static final String EVENTS_DONE = "bench.events.done";
  /** The correlation ids of the raw-events row: this prefix and the driver's sequence number. */
  public static final String EVENTS_ID_PREFIX = "rawev-";
  public static final int HOPS = 5;
  private static final String SYMBOL = "SPY";
  private static final BigDecimal PRICE = new BigDecimal("512.34");

  private BenchModules() {
  }

  /** The events a no-op workflow carries, in order; their encoded sizes are the raw baseline's bodies. */
  static List<WorkflowEvent> sampleEvents() {
    WorkflowStarted started = new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, "bench-sample", null, "orchestrator"),
        false, "bench");
    SignalGenerated signal = signal(started);
    RebalancePlanned planned = plan(signal);
    TradeExecuted trade = trade(planned);
    return List.of(started, signal, planned, trade, completed(planned));
  }

  public static int[] rawBodySizes() {
    return sampleEvents().stream().mapToInt(e -> EventCodec.encode(e).length()).toArray();
  }

  private static SignalGenerated signal(WorkflowStarted started) {
    Map<String, BigDecimal> allocation = Map.of(SYMBOL, BigDecimal.ONE);
    return new SignalGenerated(EventMetadata.next(EventType.SIGNAL_GENERATED, started.correlationId(), started.metadata(), "strategy"),
        allocation, List.of(new StrategySignal("noop", BigDecimal.ONE, allocation, List.of("(asset \"SPY\")"))),
        LocalDate.of(2025, 10, 31), null, started.dryRun());
  }

  private static RebalancePlanned plan(SignalGenerated signal) {
    PlannedTrade buy = new PlannedTrade(SYMBOL, PRICE, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE,
        new BigDecimal("1024.68"), new BigDecimal("1024.68"), new BigDecimal("2"), TradeAction.BUY);
    RebalancePlan plan = new RebalancePlan(new BigDecimal("1024.68"), new BigDecimal("1024.68"), BigDecimal.ZERO, BigDecimal.ZERO,
        new BigDecimal("1024.68"), List.of(buy));
    return new RebalancePlanned(EventMetadata.next(EventType.REBALANCE_PLANNED, signal.correlationId(), signal.metadata(), "portfolio"),
        plan, signal.dryRun());
  }

  private static TradeExecuted trade(RebalancePlanned planned) {
    String clientOrderId = planned.correlationId() + "-SPY-b";
    return new TradeExecuted(EventMetadata.next(EventType.TRADE_EXECUTED, planned.correlationId(), planned.metadata(), "execution"),
        new OrderReport(SYMBOL, OrderSide.BUY, new BigDecimal("2"), new BigDecimal("2"), PRICE, OrderStatus.FILLED,
            "bench-" + clientOrderId, clientOrderId, null));
  }

  private static WorkflowCompleted completed(RebalancePlanned planned) {
    return new WorkflowCompleted(EventMetadata.next(EventType.WORKFLOW_COMPLETED, planned.correlationId(), planned.metadata(), "execution"),
        new ExecutionSummary(1, 1, 0, 0, new BigDecimal("1024.68"), false));
  }

  /** The no-op strategy module: answers every start with a fixed signal. */
  public static final class NoopStrategy extends VerticleBase {
    @Override
    public Future<?> start() {
      EventPublisher publisher = new EventPublisher(vertx, "strategy");
      return EventInbox.of(vertx, publisher, AlchemiserMetrics.NOOP).handle(EventType.WORKFLOW_STARTED, WorkflowStarted.class,
          started -> publisher.emit(signal(started))).completion();
    }
  }

  /** The no-op portfolio module; with {@code hold}, it accepts each signal and never plans, so workflows stay in flight. */
  public static final class NoopPortfolio extends VerticleBase {
    private final boolean hold;

    public NoopPortfolio(boolean hold) {
      this.hold = hold;
    }

    @Override
    public Future<?> start() {
      EventPublisher publisher = new EventPublisher(vertx, "portfolio");
      return EventInbox.of(vertx, publisher, AlchemiserMetrics.NOOP).handle(EventType.SIGNAL_GENERATED, SignalGenerated.class,
          signal -> hold ? Future.succeededFuture() : publisher.emit(plan(signal))).completion();
    }
  }

  /** The no-op execution module: one filled order, then the end. */
  public static final class NoopExecution extends VerticleBase {
    @Override
    public Future<?> start() {
      EventPublisher publisher = new EventPublisher(vertx, "execution");
      return EventInbox.of(vertx, publisher, AlchemiserMetrics.NOOP).handle(EventType.REBALANCE_PLANNED, RebalancePlanned.class,
          planned -> publisher.emit(trade(planned)).compose(v -> publisher.emit(completed(planned)))).completion();
    }
  }

  /** The first event of a raw-events workflow, as the driver sends it to hop 1. */
  public static WorkflowStarted eventsStart(long seq) {
    return new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, EVENTS_ID_PREFIX + seq, null, "orchestrator"), false, "bench");
  }

  /**
   * One hop of the raw-events baseline: hop i decodes event i and sends event i+1, made as our modules
   * make theirs (new id, causation, headers); the last sends the final event again, to the driver.
   */
  public static final class EventHop extends VerticleBase {
    private final int hop;
    private MessageConsumer<Object> consumer;

    public EventHop(int hop) {
      this.hop = hop;
    }

    @Override
    public Future<?> start() {
      io.alchemiser.shared.bus.EventMessageCodec.register(vertx);
      String target = hop == HOPS ? EVENTS_DONE : EVENTS_PREFIX + (hop + 1);
      consumer = vertx.eventBus().consumer(EVENTS_PREFIX + hop, message -> {
        WorkflowEvent next;
        try {
          next = next(EventCodec.decode(message.headers(), message.body()));
        } catch (io.alchemiser.shared.event.EventRejectedException e) {
          // Only the driver and the other hops send here: the workflow is lost and the row shows it.
          message.fail(400, e.getMessage());
          return;
        }
        vertx.eventBus().send(target, next, EventCodec.deliveryOptions(next));
      });
      return consumer.completion();
    }

    private static WorkflowEvent next(WorkflowEvent event) {
      if (event instanceof WorkflowStarted started) {
        return signal(started);
      }
      if (event instanceof SignalGenerated signal) {
        return plan(signal);
      }
      if (event instanceof RebalancePlanned planned) {
        return trade(planned);
      }
      if (event instanceof TradeExecuted trade) {
        return new WorkflowCompleted(EventMetadata.next(EventType.WORKFLOW_COMPLETED, trade.correlationId(), trade.metadata(), "execution"),
            new ExecutionSummary(1, 1, 0, 0, new BigDecimal("1024.68"), false));
      }
      WorkflowCompleted completed = (WorkflowCompleted) event;
      return new WorkflowCompleted(EventMetadata.next(EventType.WORKFLOW_COMPLETED, completed.correlationId(), completed.metadata(),
          "execution"), completed.summary());
    }
  }

  /** One hop of the raw baseline: passes each message on to the next hop (the last to the driver) with the next body. */
  public static final class RawHop extends VerticleBase {
    private final int hop;
    private final Buffer next;
    private MessageConsumer<Object> consumer;

    public RawHop(int hop, int[] sizes) {
      this.hop = hop;
      // Hop i receives event i and sends event i+1; the last sends a body as large as the last event.
      this.next = Buffer.buffer(new byte[sizes[Math.min(hop, sizes.length - 1)]]);
    }

    @Override
    public Future<?> start() {
      String target = hop == HOPS ? RAW_DONE : RAW_PREFIX + (hop + 1);
      consumer = vertx.eventBus().consumer(RAW_PREFIX + hop, message -> vertx.eventBus().send(target, next,
          new DeliveryOptions().setHeaders(message.headers())));
      return consumer.completion();
    }
  }
}
