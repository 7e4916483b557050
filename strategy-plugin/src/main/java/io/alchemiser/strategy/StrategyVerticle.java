package io.alchemiser.strategy;

import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.marketdata.MarketDataProviders;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.WorkflowStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;

/**
 * On {@code WorkflowStarted}: evaluates every configured strategy on the latest data and publishes
 * {@code SignalGenerated} with the weighted sum of their allocations, each strategy's own
 * allocation and trace, and the as-of date. Strategy files are read and checked once, at start.
 * A backtest's simulated day is evaluated on the backtest's own strategies, up to its date.
 */
final class StrategyVerticle extends VerticleBase {
  private final StrategyConfig config;
  private final PluginContext context;
  private MessageConsumer<Object> consumer;
  private MessageConsumer<Object> ended;

  StrategyVerticle(StrategyConfig config, PluginContext context) {
    this.config = config;
    this.context = context;
  }

  @Override
  public Future<?> start() {
    io.alchemiser.shared.marketdata.MarketDataProvider marketData = MarketDataProviders.create(vertx, context.root());
    SignalEngine engine = new SignalEngine(marketData, maxStaleTradingDays(context));
    BacktestSignals backtests = new BacktestSignals(marketData, new BacktestSpecs(vertx));
    ended = BacktestSpecs.onEnded(vertx, backtests::forget);
    long delayMs = context.testingDelayMs(StrategyPlugin.NAME);
    EventPublisher publisher = new EventPublisher(vertx, StrategyPlugin.NAME);
    return vertx.executeBlocking(config::load, false).compose(strategies -> {
      consumer = EventInbox.of(vertx, publisher, context.metrics())
          .retrying(io.alchemiser.shared.config.RetryPolicy.from(context.section(StrategyPlugin.NAME).section("retry"), io.alchemiser.shared.config.RetryPolicy.DEFAULT))
          .handle(EventType.WORKFLOW_STARTED, WorkflowStarted.class, started -> (started.simulation() != null ? simulated(backtests, started) : signal(engine, strategies, started)).compose(signal -> delayMs == 0 ? publisher.emit(signal)
              : vertx.timer(delayMs).compose(t -> publisher.emit(signal))));
      return consumer.completion();
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumer == null ? Future.succeededFuture() : consumer.unregister(), ended.unregister());
  }

  static int maxStaleTradingDays(PluginContext context) {
    return context.section("marketData").positiveInt("maxStaleTradingDays", 3);
  }

  /** A backtest's day: its strategies on the bars up to the day; the simulation travels on with the signal. */
  private static Future<SignalGenerated> simulated(BacktestSignals backtests, WorkflowStarted started) {
    return backtests.evaluate(started.simulation()).map(signals -> new SignalGenerated(
        EventMetadata.next(EventType.SIGNAL_GENERATED, started.correlationId(), started.metadata(), StrategyPlugin.NAME),
        signals.allocation(), signals.strategies(), signals.asOf(), signals.rebalanceThreshold(), started.dryRun(),
        started.simulation()));
  }

  private static Future<SignalGenerated> signal(SignalEngine engine, List<ConfiguredStrategy> strategies, WorkflowStarted started) {
    return engine.evaluate(strategies, null).map(signals -> new SignalGenerated(
        EventMetadata.next(EventType.SIGNAL_GENERATED, started.correlationId(), started.metadata(), StrategyPlugin.NAME),
        signals.allocation(), signals.strategies(), signals.asOf(), signals.rebalanceThreshold(), started.dryRun()));
  }
}
