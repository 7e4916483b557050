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
import java.time.LocalDate;
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
