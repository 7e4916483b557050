package io.alchemiser.orchestrator.schedule;

import io.alchemiser.shared.calendar.TradingCalendar;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code schedule:} config: entries of a cron expression (Quartz syntax, with seconds), a time
 * zone, a dry-run flag, a misfire policy and a trading calendar. {@code ALCHEMISER_SCHEDULE} (a cron
 * expression) is the common case of one entry named {@code default}.
 */
public record ScheduleSettings(List<Entry> entries) {
  private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  public record Entry(String name, String expression, Cron cron, ZoneId zone, boolean dryRun, boolean runMissed, TradingCalendar calendar) {
    /**
     * Why the calendar skips this entry's {@code tick} when it runs at {@code runAt} (later than the
     * tick for a missed one run once), or empty; the {@code broker} calendar's clock is asked as the
     * tick fires. The tick's day must trade. A live entry on the {@code nyse} calendar must also run
     * within the exchange's hours; a dry run places nothing, so it is not held to them.
     */
    public Optional<String> skips(ZonedDateTime tick, Instant runAt) {
      Optional<String> day = calendar.closedAt(tick.toInstant(), false);
      return day.isPresent() || dryRun ? day : calendar.closedAt(runAt, true);
    }
  }

  public static ScheduleSettings from(ConfigReader root, boolean liveBroker) {
    List<Entry> entries = new ArrayList<>();
    String defaultCalendar = root.string("scheduleCalendar", liveBroker ? "broker" : "nyse");
    String single = root.string("scheduleCron", null);
    if (single != null) {
      entries.add(entry(ConfigReader.root(new io.vertx.core.json.JsonObject().put("name", "default").put("cron", single)),
          "ALCHEMISER_SCHEDULE", defaultCalendar));
    }
    List<ConfigReader> listed = root.sectionList("schedule");
    for (ConfigReader item : listed) {
      entries.add(entry(item, null, defaultCalendar));
    }
    Set<String> names = new HashSet<>();
    for (Entry entry : entries) {
      if (!names.add(entry.name())) {
        throw new ConfigException("schedule", "two entries are named '" + entry.name() + "'");
      }
    }
    return new ScheduleSettings(List.copyOf(entries));
  }

  private static Entry entry(ConfigReader item, String keyOverride, String defaultCalendar) {
    String name = item.string("name", "default");
    if (!name.matches("[A-Za-z0-9_\\-]{1,30}")) {
      throw new ConfigException(item.key("name"), "must be 1-30 letters, digits, '_' or '-', was '" + name + "'");
    }
    String expression = item.requiredString("cron");
    Cron cron;
    try {
      cron = QUARTZ.parse(expression);
      cron.validate();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(keyOverride != null ? keyOverride : item.key("cron"),
          "'" + expression + "' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week): " + e.getMessage());
    }
    String zoneText = item.string("timeZone", "America/New_York");
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw new ConfigException(item.key("timeZone"), "'" + zoneText + "' is not a time zone (e.g. America/New_York)");
    }
    String misfire = item.oneOf("misfire", "skip", Set.of("skip", "run-once"));
    String calendar = item.string("calendar", defaultCalendar);
    TradingCalendar tradingCalendar;
    try {
      tradingCalendar = TradingCalendar.valueOf(calendar.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(keyOverride != null ? "scheduleCalendar" : item.key("calendar"),
          "must be broker, nyse, weekdays or always, was '" + calendar + "'");
    }
    return new Entry(name, expression, cron, zone, item.bool("dryRun", false), misfire.equals("run-once"), tradingCalendar);
  }
}
