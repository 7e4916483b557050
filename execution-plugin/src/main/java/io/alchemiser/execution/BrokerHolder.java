package io.alchemiser.execution;

import io.alchemiser.shared.marketdata.MarketDataProviders;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Vertx;

/**
 * Both verticles of the module use one broker; it needs Vert.x, which exists only once they deploy,
 * so it is made by whichever verticle starts first.
 */
final class BrokerHolder {
  private final PluginContext context;
  private final ExecutionSettings settings;
  private Broker broker;

  BrokerHolder(PluginContext context, ExecutionSettings settings) {
    this.context = context;
    this.settings = settings;
  }

  synchronized Broker get(Vertx vertx) {
    if (broker == null) {
      var marketData = MarketDataProviders.create(vertx, context.root());
      broker = settings.broker().equals("alpaca")
          ? new AlpacaBroker(vertx, settings.alpaca(), marketData)
          : new PaperBroker(vertx, settings.paper(), marketData);
    }
    return broker;
  }
}
