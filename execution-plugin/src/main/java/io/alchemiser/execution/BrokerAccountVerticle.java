package io.alchemiser.execution;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.event.Simulation;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers account requests on {@link Addresses#BROKER_ACCOUNT}: cash, equity, positions, prices and
 * the symbols traded in whole shares only;
 * of the backtest's scratch account on the simulated day when the request carries a simulation.
 */
final class BrokerAccountVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerAccountVerticle.class);
  private final BrokerHolder broker;
  private final BacktestAccounts backtests;
  private BacktestSpecs specs;
  private MessageConsumer<Object> consumer;
  private MessageConsumer<Object> clock;
  private MessageConsumer<Object> identity;

  BrokerAccountVerticle(BrokerHolder broker, BacktestAccounts backtests) {
    this.broker = broker;
    this.backtests = backtests;
  }

  @Override
  public Future<?> start() {
    specs = new BacktestSpecs(vertx);
    consumer = vertx.eventBus().consumer(Addresses.BROKER_ACCOUNT, this::account);
    clock = vertx.eventBus().consumer(Addresses.BROKER_CLOCK, message -> broker.get(vertx).clock()
        .onSuccess(c -> message.reply(new JsonObject().put("open", c.open()).put("nextOpen", c.nextOpen())
            .put("live", broker.get(vertx).live())))
        .onFailure(err -> message.fail(500, err.getMessage())));
    identity = vertx.eventBus().consumer(Addresses.BROKER_IDENTITY, message -> broker.get(vertx).accountId()
        .onSuccess(id -> message.reply(new JsonObject().put("broker", broker.get(vertx).name()).put("account", id)))
        .onFailure(err -> message.fail(500, err.getMessage())));
    return Future.all(consumer.completion(), clock.completion(), identity.completion());
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumer == null ? Future.succeededFuture() : consumer.unregister(),
        clock == null ? Future.succeededFuture() : clock.unregister(),
        identity == null ? Future.succeededFuture() : identity.unregister());
  }

  private void account(Message<Object> message) {
    List<String> symbols = new ArrayList<>();
    if (message.body() instanceof JsonObject body && body.getValue("symbols") instanceof JsonArray array) {
      for (Object symbol : array) {
        if (!(symbol instanceof String s) || !s.matches("[A-Z0-9.\\-]{1,15}")) {
          message.fail(400, "account request: '" + symbol + "' is not a ticker symbol");
          return;
        }
        symbols.add(s);
      }
    } else if (message.body() != null && !(message.body() instanceof JsonObject)) {
      message.fail(400, "account request must be a JSON object with a 'symbols' list");
      return;
    }
    Future<Broker> target = Future.succeededFuture(broker.get(vertx));
    if (message.body() instanceof JsonObject body && body.getValue("simulation") != null) {
      Simulation day;
      try {
        day = Simulation.fromJson(body.getValue("simulation"));
      } catch (IllegalArgumentException e) {
        message.fail(400, "account request: malformed " + e.getMessage());
        return;
      }
      target = specs.get(day.backtestId()).compose(spec -> backtests.on(vertx, spec, day));
    }
    target.compose(b -> b.account(symbols)).onComplete(result -> {
      if (result.succeeded()) {
        Broker.Account account = result.result();
        JsonObject positions = new JsonObject();
        account.positions().forEach(positions::put);
        JsonObject prices = new JsonObject();
        account.prices().forEach(prices::put);
        message.reply(new JsonObject()
            .put("cash", account.cash().toPlainString())
            .put("buyingPower", account.buyingPower().toPlainString())
            .put("equity", account.equity().toPlainString())
            .put("positions", positions)
            .put("prices", prices)
            .put("wholeShares", new JsonArray(new ArrayList<>(account.wholeShares()))));
      } else {
        LOG.warn("account request failed: {}", result.cause().getMessage());
        message.fail(500, result.cause().getMessage());
      }
    });
  }
}
