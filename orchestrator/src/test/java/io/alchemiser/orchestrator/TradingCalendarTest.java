package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.schedule.ScheduleSettings;
import io.alchemiser.orchestrator.schedule.SchedulerVerticle;
import io.alchemiser.shared.calendar.TradingCalendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class TradingCalendarTest {

  @Test
  void nyseHolidaysByTheirRules() {
    for (String holiday : new String[] {"2025-01-01", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19",
        "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25", "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03",
        "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25", "2027-06-18", "2027-12-24",
        "2022-12-26", "2023-01-02"}) {
      assertThat(TradingCalendar.NYSE.trades(LocalDate.parse(holiday))).as(holiday).isFalse();
    }
    for (String open : new String[] {"2025-11-28", "2026-11-25", "2026-07-06", "2021-12-31", "2022-06-17", "2026-04-06"}) {
      assertThat(TradingCalendar.NYSE.trades(LocalDate.parse(open))).as(open).isTrue();
    }
    assertThat(TradingCalendar.NYSE.trades(LocalDate.parse("2026-11-28"))).isFalse();
    assertThat(TradingCalendar.WEEKDAYS.trades(LocalDate.parse("2026-11-26"))).isTrue();
    assertThat(TradingCalendar.ALWAYS.trades(LocalDate.parse("2026-11-28"))).isTrue();
    assertThat(TradingCalendar.easter(2026)).isEqualTo(LocalDate.parse("2026-04-05"));
  }

  @Test
  void nyseEarlyClosesByTheirRules() {
    for (String early : new String[] {"2026-11-27", "2026-12-24", "2025-07-03", "2024-07-03", "2023-07-03", "2018-12-24", "2025-11-28"}) {
      assertThat(TradingCalendar.nyseClose(LocalDate.parse(early))).as(early).isEqualTo(LocalTime.of(13, 0));
    }
    // July 3 on a Friday is the holiday itself (2026), Christmas Eve on a Friday too (2021); a Friday
    // before a Monday holiday closes as usual (2022-07-01, 2022-12-23).
    for (String full : new String[] {"2026-07-02", "2022-07-01", "2022-12-23", "2026-11-25", "2026-12-31", "2020-07-02"}) {
      assertThat(TradingCalendar.nyseClose(LocalDate.parse(full))).as(full).isEqualTo(LocalTime.of(16, 0));
    }
  }

  @Test
  void aLiveTickOnTheNyseCalendarRunsOnlyWithinTheExchangesHours() {
    assertThat(TradingCalendar.NYSE.closedAt(newYork("2026-11-27T12:59:59"), true)).isEmpty();
    assertThat(TradingCalendar.NYSE.closedAt(newYork("2026-11-27T13:00:00"), true)).contains(
        "outside the exchange's hours (2026-11-27 09:30-13:00 America/New_York, an early close; nyse calendar)");
    assertThat(TradingCalendar.NYSE.closedAt(newYork("2026-11-30T09:29:59"), true)).contains(
        "outside the exchange's hours (2026-11-30 09:30-16:00 America/New_York; nyse calendar)");
    assertThat(TradingCalendar.NYSE.closedAt(newYork("2026-11-30T09:30:00"), true)).isEmpty();
    assertThat(TradingCalendar.NYSE.closedAt(newYork("2026-11-30T16:00:00"), true)).isPresent();
    assertThat(TradingCalendar.NYSE.closedAt(newYork("2026-11-26T12:00:00"), true)).contains("not a trading day (nyse calendar)");
    assertThat(TradingCalendar.NYSE.closedAt(newYork("2026-11-27T15:45:00"), false)).isEmpty();
    assertThat(TradingCalendar.WEEKDAYS.closedAt(newYork("2026-11-27T15:45:00"), true)).isEmpty();
    assertThat(TradingCalendar.WEEKDAYS.closedAt(newYork("2026-11-28T15:45:00"), true)).contains("not a trading day (weekdays calendar)");

    // The README's entry at 15:45 New York time: skipped on the day after Thanksgiving unless a dry run.
    ScheduleSettings.Entry live = entry(false);
    ZonedDateTime tick = ZonedDateTime.parse("2026-11-27T15:45:00-05:00[America/New_York]");
    assertThat(live.skips(tick, tick.toInstant())).hasValueSatisfying(why -> assertThat(why).contains("13:00", "early close"));
    assertThat(entry(true).skips(tick, tick.toInstant())).isEmpty();
    ZonedDateTime usual = ZonedDateTime.parse("2026-11-25T15:45:00-05:00[America/New_York]");
    assertThat(live.skips(usual, usual.toInstant())).isEmpty();
    // A missed tick run once at start is held to the hours of when it runs, not of the tick.
    assertThat(live.skips(usual, newYork("2026-11-25T18:00:00"))).hasValueSatisfying(why -> assertThat(why).contains("outside the exchange's hours"));
    assertThat(live.skips(usual, newYork("2026-11-28T10:00:00"))).contains("not a trading day (nyse calendar)");
    assertThat(live.skips(usual, newYork("2026-11-30T10:00:00"))).isEmpty();
  }

  private static Instant newYork(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ZoneId.of("America/New_York")).toInstant();
  }

  private static ScheduleSettings.Entry entry(boolean dryRun) {
    return ScheduleSettings.from(ConfigReader.root(new JsonObject().put("schedule", new JsonArray().add(new JsonObject()
        .put("name", "close").put("cron", "0 45 15 ? * MON-FRI").put("dryRun", dryRun)))), false).entries().get(0);
  }

  @Test
  void scheduleEntriesAreCheckedAndNameTheirKey() {
    JsonObject config = new JsonObject().put("schedule", new JsonArray().add(new JsonObject().put("name", "close")
        .put("cron", "0 45 15 ? * MON-FRI").put("misfire", "run-once")));
    ScheduleSettings settings = ScheduleSettings.from(ConfigReader.root(config), false);
    assertThat(settings.entries()).singleElement().satisfies(e -> {
      assertThat(e.zone().getId()).isEqualTo("America/New_York");
      assertThat(e.calendar()).isEqualTo(TradingCalendar.NYSE);
      assertThat(e.runMissed()).isTrue();
    });
    assertThat(ScheduleSettings.from(ConfigReader.root(config), true).entries().get(0).calendar()).isEqualTo(TradingCalendar.BROKER);
    assertThat(SchedulerVerticle.correlationId(settings.entries().get(0),
        java.time.ZonedDateTime.parse("2026-11-25T20:45:00Z"))).isEqualTo("sched-close-20261125T154500");

    assertThatThrownBy(() -> ScheduleSettings.from(ConfigReader.root(new JsonObject().put("schedule", new JsonArray()
        .add(new JsonObject().put("cron", "61 * * * * ?")))), false)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("schedule[0].cron");
    assertThatThrownBy(() -> ScheduleSettings.from(ConfigReader.root(new JsonObject().put("scheduleCalendar", "lunar")
        .put("scheduleCron", "0 0 16 ? * *")), false)).hasMessageContaining("scheduleCalendar");
    assertThatThrownBy(() -> ScheduleSettings.from(ConfigReader.root(new JsonObject().put("schedule", new JsonArray()
        .add(new JsonObject().put("name", "bad name").put("cron", "0 0 16 ? * *")))), false)).hasMessageContaining("schedule[0].name");
  }
}
