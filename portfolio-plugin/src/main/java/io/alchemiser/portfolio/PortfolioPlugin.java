package io.alchemiser.portfolio;

import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Deployable;
import java.util.List;
import java.util.Set;

/** The portfolio module: turns target weights and the account into a rebalance plan. */
public final class PortfolioPlugin implements AlchemiserPlugin {
  public static final String NAME = "portfolio";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.SIGNAL_GENERATED);
  }

  @Override
  public List<Deployable> verticles(PluginContext context) {
    return List.of(new PortfolioVerticle(PlannerSettings.from(context.section(NAME)), context));
  }

  @Override
  public List<io.alchemiser.shared.config.ConfigKey> configKeys() {
    List<io.alchemiser.shared.config.ConfigKey> keys = new java.util.ArrayList<>(io.alchemiser.shared.config.ConfigKey.under(NAME,
        "cashReserve", "minTradeValue", "fractionalShares", "driftThreshold", "maxTurnover", "testing.delayMs"));
    keys.addAll(io.alchemiser.shared.config.ConfigKey.retry(NAME + ".retry"));
    return keys;
  }

  @Override
  public void checkConfig(io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
    PlannerSettings.from(root.section(NAME));
  }
}
