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
}
