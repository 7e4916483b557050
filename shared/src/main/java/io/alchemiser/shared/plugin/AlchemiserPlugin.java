package io.alchemiser.shared.plugin;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.event.EventType;

import io.vertx.core.Deployable;
import java.util.List;
import java.util.Set;

/**
 * A module the launcher can deploy, found with {@link java.util.ServiceLoader}: each plugin jar
 * lists its implementation in {@code META-INF/services/io.alchemiser.shared.plugin.AlchemiserPlugin}.
 * The launcher deploys the plugins named in the config's {@code modules} list.
 */
public interface AlchemiserPlugin {

  /** The module name used in config and on the command line, e.g. {@code strategy}. */
  String name();

  /** The events this module acts on (at most one replica handles each); empty for pure observers. */
  Set<EventType> handles();

  /**
   * The verticles to deploy, built from the plugin's config section. Invalid config is reported by
   * throwing {@link ConfigException}, which stops the start with exit status 78.
   */
  List<Deployable> verticles(PluginContext context);

  /**
   * What the launcher calls: the verticles, made off the event loop when the module must prepare
   * something first (open a file, say); by default {@link #verticles(PluginContext)}. The launcher
   * deploys them in this order, the next once the one before has started.
   */
  default io.vertx.core.Future<List<Deployable>> prepare(io.vertx.core.Vertx vertx, PluginContext context) {
    try {
      return io.vertx.core.Future.succeededFuture(verticles(context));
    } catch (RuntimeException e) {
      return io.vertx.core.Future.failedFuture(e);
    }
  }

  /**
   * The settings this module reads ({@code portfolio.cashReserve}, ...): a key in a config file that no
   * module declares stops the start. Declare every key, even one only tests set.
   */
  default List<io.alchemiser.shared.config.ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * Checks this module's settings as {@link #verticles} would, without starting anything (for
   * {@code alchemiser config check}); throws {@link ConfigException}. Nothing to check by default.
   */
  default void checkConfig(io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
  }
}
