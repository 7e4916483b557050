package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandGroup;
import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.EffectiveConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code config check}: the configuration a node would run with, validated, without starting it. */
@Command(name = "config", mixinStandardHelpOptions = true, subcommands = ConfigCommand.Check.class,
    description = "Inspect the configuration.")
final class ConfigCommand extends CommandGroup {

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Validate the configuration (defaults < --config FILE < ALCHEMISER_* variables < -Dalchemiser.* properties) "
          + "as a start would, and print each setting with where it came from; secrets masked."},
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:valid", "64:bad usage", "78:bad config (an unknown key, a value out of range, an unreadable file)"})
  static final class Check implements Callable<Integer> {
    @Mixin
    CommonOptions.ConfigFile configOption;

    @Mixin
    CommonOptions.JsonOutput jsonOption;

    @Override
    public Integer call() {
      EffectiveConfig effective;
      Set<String> modules;
      try {
        Vertx vertx = Vertx.vertx();
        try {
          effective = ConfigLoader.loadEffective(vertx, configOption.file, Plugins.configSchema()).await();
        } finally {
          vertx.close().await();
        }
        modules = Node.check(effective.config());
      } catch (ConfigException e) {
        if (jsonOption.json) {
          System.out.println(new JsonObject().put("valid", false)
              .put("error", new JsonObject().put("key", e.key()).put("message", e.getMessage())).encode());
        }
        System.err.println("error: " + e.getMessage());
        return ExitCodes.CONFIG;
      }
      if (jsonOption.json) {
        System.out.println(effective.toJson().put("valid", true).put("modules", new JsonArray(java.util.List.copyOf(modules))).encode());
      } else {
        System.out.println("configuration is valid; modules " + modules);
        System.out.println(effective.summary());
      }
      return ExitCodes.COMPLETED;
    }
  }
}
