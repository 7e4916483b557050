package io.alchemiser.shared.plugin;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Discovers the plugins on the class path. */
public final class Plugins {
  private Plugins() {
  }

  public static Map<String, AlchemiserPlugin> discover() {
    Map<String, AlchemiserPlugin> plugins = new TreeMap<>();
    for (AlchemiserPlugin plugin : ServiceLoader.load(AlchemiserPlugin.class)) {
      AlchemiserPlugin previous = plugins.putIfAbsent(plugin.name(), plugin);
      if (previous != null) {
        throw new IllegalStateException("two plugins are named '" + plugin.name() + "': "
            + previous.getClass().getName() + " and " + plugin.getClass().getName());
      }
    }
    return plugins;
  }

  /** Every setting known to this build: the node's and those each plugin on the class path declares. */
  public static io.alchemiser.shared.config.ConfigSchema configSchema() {
    java.util.List<io.alchemiser.shared.config.ConfigKey> keys = new java.util.ArrayList<>(io.alchemiser.shared.config.ConfigSchema.NODE_KEYS);
    discover().values().forEach(plugin -> keys.addAll(plugin.configKeys()));
    return new io.alchemiser.shared.config.ConfigSchema(keys);
  }
}
