package io.alchemiser.strategy;

import io.alchemiser.shared.Allocations;
import io.alchemiser.shared.Bar;
import io.alchemiser.shared.EventInbox;
import io.alchemiser.shared.EventMetadata;
import io.alchemiser.shared.EventPublisher;
import io.alchemiser.shared.EventType;
import io.alchemiser.shared.MarketDataProvider;
import io.alchemiser.shared.MarketDataProviders;
import io.alchemiser.shared.PluginContext;
import io.alchemiser.shared.SignalGenerated;
import io.alchemiser.shared.StrategySignal;
import io.alchemiser.shared.WorkflowException;
import io.alchemiser.shared.ErrorCodes;
import io.alchemiser.shared.WorkflowStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * On {@code WorkflowStarted}: finds the as-of date of the data, evaluates every configured
 * strategy on it, and publishes {@code SignalGenerated} with the weighted sum of their allocations.
 */
final class StrategyVerticle extends VerticleBase {
  private final StrategyConfig config;
  private final PluginContext context;
  private MarketDataProvider marketData;
  private MessageConsumer<Object> consumer;

  StrategyVerticle(StrategyConfig config, PluginContext context) {
    this.config = config;
    this.context = context;
  }

  @Override
  public Future<?> start() {
    marketData = MarketDataProviders.create(vertx, context.root());
    EventPublisher publisher = new EventPublisher(vertx, StrategyPlugin.NAME);
    consumer = EventInbox.handle(vertx, EventType.WORKFLOW_STARTED, WorkflowStarted.class, publisher, context.metrics(),
        started -> signal(started).compose(publisher::emit));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private Future<SignalGenerated> signal(WorkflowStarted started) {
    return asOfDate().compose(asOf -> {
      List<Future<StrategySignal>> evaluations = new ArrayList<>();
      for (ConfiguredStrategy strategy : config.strategies()) {
        evaluations.add(strategy.evaluate(marketData, asOf)
            .recover(err -> Future.failedFuture(err instanceof WorkflowException we
                ? new WorkflowException(we.errorCode(), "strategy '" + strategy.name() + "': " + we.getMessage())
                : new WorkflowException(ErrorCodes.STRATEGY_ERROR, "strategy '" + strategy.name() + "' failed: " + err.getMessage())))
            .map(result -> new StrategySignal(strategy.name(), strategy.weight(), result.allocation(), result.trace())));
      }
      return Future.all(evaluations).map(all -> {
        List<StrategySignal> signals = all.list();
        return new SignalGenerated(
            EventMetadata.next(EventType.SIGNAL_GENERATED, started.correlationId(), started.metadata(), StrategyPlugin.NAME),
            Allocations.consolidate(signals), signals, asOf, null, started.dryRun());
      });
    });
  }

  /** The latest date on which every ticker the strategies use has a bar. */
  private Future<LocalDate> asOfDate() {
    Set<String> symbols = new TreeSet<>();
    config.strategies().forEach(s -> symbols.addAll(s.symbols()));
    List<Future<Bar>> latest = new ArrayList<>();
    for (String symbol : symbols) {
      latest.add(marketData.latestBar(symbol));
    }
    return Future.all(latest).map(all -> {
      LocalDate asOf = null;
      for (Bar bar : all.<Bar>list()) {
        asOf = asOf == null || bar.date().isBefore(asOf) ? bar.date() : asOf;
      }
      return asOf;
    });
  }
}
