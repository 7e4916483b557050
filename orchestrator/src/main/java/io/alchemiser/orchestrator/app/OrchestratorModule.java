package io.alchemiser.orchestrator.app;

import io.alchemiser.orchestrator.DeadLetterVerticle;
import io.alchemiser.orchestrator.InMemoryWorkflowStore;
import io.alchemiser.orchestrator.OrchestratorSettings;
import io.alchemiser.orchestrator.OrchestratorVerticle;
import io.alchemiser.orchestrator.journal.Journal;
import io.alchemiser.orchestrator.schedule.ScheduleSettings;
import io.alchemiser.orchestrator.schedule.SchedulerVerticle;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The orchestrator as a module like any other: the journal opened (when enabled), then the
 * orchestrator, the dead letters it keeps and the schedule it fires.
 */
public final class OrchestratorModule implements AlchemiserPlugin {
  @Override
  public String name() {
    return OrchestratorVerticle.MODULE;
  }

  @Override
  public Set<EventType> handles() {
    return Set.of();
  }

  /** Opens the journal (a file, so off the event loop); a journal another process holds is a config problem (78). */
  @Override
  public Future<List<Deployable>> prepare(Vertx vertx, PluginContext context) {
    return vertx.executeBlocking(() -> verticles(context), false)
        .recover(err -> Future.failedFuture(err instanceof Journal.LockedException ? new ConfigException("dataDir", err.getMessage()) : err));
  }

  @Override
  public List<Deployable> verticles(PluginContext context) {
    ConfigReader root = context.root();
    OrchestratorSettings settings = OrchestratorSettings.from(root.section("orchestrator"));
    ScheduleSettings schedule = ScheduleSettings.from(root, "alpaca".equalsIgnoreCase(root.section("execution").string("broker", "paper")));
    Journal journal = settings.journal() ? Journal.open(context.dataDir(), false) : null;
    List<Deployable> verticles = new ArrayList<>();
    verticles.add(new OrchestratorVerticle(settings, new InMemoryWorkflowStore(settings.maxFinished(), journal != null), context.metrics(), journal));
    verticles.add(new DeadLetterVerticle(journal));
    if (!schedule.entries().isEmpty()) {
      verticles.add(new SchedulerVerticle(schedule, context.registry()));
    }
    return verticles;
  }

  @Override
  public List<io.alchemiser.shared.config.ConfigKey> configKeys() {
    List<io.alchemiser.shared.config.ConfigKey> keys = new ArrayList<>(io.alchemiser.shared.config.ConfigKey.under("orchestrator",
        "workflowTimeoutSeconds", "partitions", "journal.enabled", "retention.maxFinished", "retention.maxAgeMinutes", "retention.pruneIntervalSeconds"));
    // The schedule: one cron line, or a list of named entries.
    keys.addAll(List.of(io.alchemiser.shared.config.ConfigKey.of("scheduleCron"), io.alchemiser.shared.config.ConfigKey.of("scheduleCalendar")));
    for (String name : List.of("name", "cron", "timeZone", "misfire", "calendar", "dryRun")) {
      keys.add(io.alchemiser.shared.config.ConfigKey.of("schedule[]." + name));
    }
    // The cluster is joined before any module starts; it is with the orchestrator because every cluster has one.
    keys.addAll(io.alchemiser.shared.config.ConfigKey.under("cluster", "host", "port", "busPort", "members", "name", "manager", "configFile",
        "joinTimeoutSeconds", "tls.cert", "tls.key", "tls.ca"));
    return keys;
  }

  @Override
  public void checkConfig(io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
    OrchestratorSettings.from(root.section("orchestrator"));
    ScheduleSettings.from(root, "alpaca".equalsIgnoreCase(root.section("execution").string("broker", "paper")));
  }
}
