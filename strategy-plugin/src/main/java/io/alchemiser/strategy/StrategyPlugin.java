package io.alchemiser.strategy;

import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Deployable;
import java.util.List;
import java.util.Set;

/** The strategy module: turns a started workflow into target allocations. */
public final class StrategyPlugin implements AlchemiserPlugin {
  public static final String NAME = "strategy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<EventType> handles() {
    return Set.of(EventType.WORKFLOW_STARTED);
  }

  @Override
  public List<Deployable> verticles(PluginContext context) {
    StrategyConfig config = StrategyConfig.from(context.section(NAME));
    return List.of(new StrategyVerticle(config, context), new EvaluateVerticle(context, config));
  }
}
