package io.alchemiser.strategy;

import io.alchemiser.shared.EventInbox;
import io.alchemiser.shared.EventMetadata;
import io.alchemiser.shared.EventPublisher;
import io.alchemiser.shared.EventType;
import io.alchemiser.shared.MarketDataProviders;
import io.alchemiser.shared.PluginContext;
import io.alchemiser.shared.SignalGenerated;
import io.alchemiser.shared.WorkflowStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;

/**
 * On {@code WorkflowStarted}: evaluates every configured strategy on the latest data and publishes
 * {@code SignalGenerated} with the weighted sum of their allocations, each strategy's own
 * allocation and trace, and the as-of date. Strategy files are read and checked once, at start.
 */
final class StrategyVerticle extends VerticleBase {
  private final StrategyConfig config;
  private final PluginContext context;
  private MessageConsumer<Object> consumer;

  StrategyVerticle(StrategyConfig config, PluginContext context) {
    this.config = config;
    this.context = context;
  }

  @Override
  public Future<?> start() {
    SignalEngine engine = new SignalEngine(MarketDataProviders.create(vertx, context.root()), maxStaleTradingDays(context));
    long delayMs = context.testingDelayMs(StrategyPlugin.NAME);
    EventPublisher publisher = new EventPublisher(vertx, StrategyPlugin.NAME);
    return vertx.executeBlocking(config::load, false).compose(strategies -> {
      consumer = EventInbox.handle(vertx, EventType.WORKFLOW_STARTED, WorkflowStarted.class, publisher, context.metrics(),
          io.alchemiser.shared.RetryPolicy.from(context.section(StrategyPlugin.NAME).section("retry"), io.alchemiser.shared.RetryPolicy.DEFAULT),
          started -> signal(engine, strategies, started).compose(signal -> delayMs == 0 ? publisher.emit(signal)
              : vertx.timer(delayMs).compose(t -> publisher.emit(signal))));
      return consumer.completion();
    });
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  static int maxStaleTradingDays(PluginContext context) {
    return context.section("marketData").positiveInt("maxStaleTradingDays", 3);
  }

  private static Future<SignalGenerated> signal(SignalEngine engine, List<ConfiguredStrategy> strategies, WorkflowStarted started) {
    return engine.evaluate(strategies, null).map(signals -> new SignalGenerated(
        EventMetadata.next(EventType.SIGNAL_GENERATED, started.correlationId(), started.metadata(), StrategyPlugin.NAME),
        signals.allocation(), signals.strategies(), signals.asOf(), signals.rebalanceThreshold(), started.dryRun()));
  }
}
