package io.alchemiser.orchestrator.app;

import io.alchemiser.orchestrator.OrchestratorSettings;
import io.alchemiser.orchestrator.schedule.ScheduleSettings;
import io.alchemiser.orchestrator.web.WebSettings;
import io.alchemiser.orchestrator.web.WebVerticle;

import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.EventType;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The node-level settings: data directory and the modules this process runs. */
record NodeConfig(Path dataDir, Set<String> modules, OrchestratorSettings orchestrator, WebSettings web, ScheduleSettings schedule) {

  static NodeConfig from(JsonObject config, Map<String, AlchemiserPlugin> plugins) {
    ConfigReader root = ConfigReader.root(config);
    Path dataDir = Path.of(root.string("dataDir", "./data"));
    Set<String> known = new TreeSet<>(plugins.keySet());
    List<String> listed = root.stringList("modules", List.copyOf(known));
    Set<String> modules = new LinkedHashSet<>();
    for (String module : listed) {
      if (!known.contains(module)) {
        throw new ConfigException("modules", "unknown module '" + module + "'; this build has " + known);
      }
      modules.add(module);
    }
    for (String module : modules) {
      AlchemiserPlugin plugin = plugins.get(module);
      if (plugin == null) {
        continue;
      }
      // Each event has one acting module (EventType); a plugin claiming another's event is a packaging mistake.
      for (EventType type : plugin.handles()) {
        if (!type.handlingModule().map(module::equals).orElse(false)) {
          throw new ConfigException("modules", "plugin '" + module + "' (" + plugin.getClass().getName() + ") declares that it handles "
              + type.wireName() + ", which belongs to " + type.handlingModule().map(m -> "'" + m + "'").orElse("no module"));
        }
      }
    }
    if (modules.isEmpty()) {
      throw new ConfigException("modules", "names no module to run");
    }
    boolean liveBroker = "alpaca".equalsIgnoreCase(root.section("execution").string("broker", "paper"));
    return new NodeConfig(dataDir, modules, OrchestratorSettings.from(root.section("orchestrator")),
        modules.contains(WebVerticle.MODULE) ? WebSettings.from(root) : null, ScheduleSettings.from(root, liveBroker));
  }
}
