package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.schedule.ScheduleSettings;

import com.cronutils.model.time.ExecutionTime;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alchemiser schedule --next N}: the next fire times of each schedule entry, starting nothing. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = "Print the next fire times of each schedule entry, in exchange time and in UTC, without starting anything.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:printed", "64:bad usage", "78:bad config (the key is named)"})
final class ScheduleCommand implements Callable<Integer> {
  @Mixin
  CommonOptions.ConfigFile configOption;
  @Option(names = "--next", paramLabel = "N", description = "How many fire times per entry (default 5).")
  int next = 5;

  @Override
  public Integer call() {
    if (next < 1 || next > 1000) {
      System.err.println("error: --next must be from 1 to 1000");
      return ExitCodes.USAGE;
    }
    Vertx vertx = Vertx.vertx();
    ScheduleSettings schedule;
    try {
      JsonObject config = ConfigLoader.load(vertx, configOption.file, Plugins.configSchema()).await();
      ConfigReader root = ConfigReader.root(config);
      schedule = ScheduleSettings.from(root, "alpaca".equalsIgnoreCase(root.section("execution").string("broker", "paper")));
    } finally {
      vertx.close().await();
    }
    if (schedule.entries().isEmpty()) {
      System.out.println("no schedule configured (config 'schedule', or env ALCHEMISER_SCHEDULE)");
      return 0;
    }
    for (ScheduleSettings.Entry entry : schedule.entries()) {
      System.out.printf(Locale.ROOT, "%s: '%s' in %s, %s calendar%s%n", entry.name(), entry.expression(), entry.zone(),
          entry.calendar().name().toLowerCase(Locale.ROOT), entry.dryRun() ? ", dry run" : "");
      ExecutionTime times = ExecutionTime.forCron(entry.cron());
      ZonedDateTime from = ZonedDateTime.now(entry.zone());
      for (int i = 0; i < next; i++) {
        Optional<ZonedDateTime> fire = times.nextExecution(from);
        if (fire.isEmpty()) {
          break;
        }
        ZonedDateTime at = fire.get();
        System.out.printf(Locale.ROOT, "  %s  (%s UTC)%s%n", at.toOffsetDateTime(), at.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime(),
            entry.skips(at, at.toInstant()).map(why -> "  skipped: " + why).orElse(""));
        from = at;
      }
    }
    return 0;
  }
}
