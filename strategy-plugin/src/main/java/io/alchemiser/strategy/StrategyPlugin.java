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

  @Override
  public List<io.alchemiser.shared.config.ConfigKey> configKeys() {
    List<io.alchemiser.shared.config.ConfigKey> keys = new java.util.ArrayList<>(io.alchemiser.shared.config.ConfigKey.under(NAME,
        "strategies[].file", "strategies[].name", "strategies[].kind", "strategies[].weight", "strategies[].allocation.*", "testing.delayMs"));
    keys.addAll(io.alchemiser.shared.config.ConfigKey.retry(NAME + ".retry"));
    return keys;
  }

  @Override
  public void checkConfig(io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
    // The files read and compiled as a start would: a missing or broken symphony is the likeliest mistake of all.
    StrategyConfig.from(root.section(NAME)).load();
  }
}
