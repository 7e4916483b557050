package io.alchemiser.execution;

import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Deployable;
import java.util.List;
import java.util.Set;

/**
 * The execution module: the broker (paper by default) answers account requests, and the plan of
 * each workflow is placed at it, sells first.
 */
public final class ExecutionPlugin implements AlchemiserPlugin {
  public static final String NAME = "execution";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.REBALANCE_PLANNED);
  }

  @Override
  public List<Deployable> verticles(PluginContext context) {
    ExecutionSettings settings = ExecutionSettings.from(context.root(), context.dataDir());
    BrokerHolder broker = new BrokerHolder(context, settings);
    BacktestAccounts backtests = new BacktestAccounts();
    return List.of(new BrokerAccountVerticle(broker, backtests), new ExecutionVerticle(broker, backtests, settings, context.metrics(), context.nodeId()));
  }

  @Override
  public List<io.alchemiser.shared.config.ConfigKey> configKeys() {
    List<io.alchemiser.shared.config.ConfigKey> keys = new java.util.ArrayList<>(io.alchemiser.shared.config.ConfigKey.under(NAME,
        "broker", "onRejection", "fillTimeoutSeconds", "pollIntervalMs", "requireOpenMarket", "paper.startingCash", "paper.slippageBps",
        "testing.pauseBeforeBuysMs"));
    keys.addAll(io.alchemiser.shared.config.ConfigKey.retry(NAME + ".alpaca.retry"));
    return keys;
  }

  @Override
  public void checkConfig(io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
    ExecutionSettings.from(root, dataDir);
  }
}
