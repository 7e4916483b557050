package io.alchemiser.shared.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * Which days, and hours, the market trades. {@code nyse}: weekdays less the NYSE's full-day
 * holidays, computed by its rules for any year (New Year's Day, Martin Luther King Jr. Day,
 * Washington's Birthday, Good Friday, Memorial Day, Juneteenth from 2022, Independence Day, Labor
 * Day, Thanksgiving, Christmas; a holiday on Saturday is observed the Friday before — except New
 * Year's Day — and on Sunday the Monday after), and its hours: 09:30 to 16:00 New York time, 13:00
 * on its early-close days (July 3 from Monday to Thursday, the day after Thanksgiving, Christmas Eve
 * from Monday to Thursday). {@code weekdays}, {@code always}. ({@code broker} asks the broker's clock
 * instead.) Closures the exchange announces outside its rules (a national day of mourning) only the
 * broker's clock knows.
 */
public enum TradingCalendar {
  NYSE, WEEKDAYS, ALWAYS, BROKER;

  public static final ZoneId EXCHANGE_ZONE = ZoneId.of("America/New_York");
  public static final LocalTime OPEN = LocalTime.of(9, 30);
  public static final LocalTime CLOSE = LocalTime.of(16, 0);
  public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

  /**
   * Why a run at {@code at} would find this calendar's market closed, or empty when it may run. With
   * {@code hours} the {@code nyse} calendar also holds the run to the session (a live order placed
   * after the close waits for the next open, at a price no one chose); otherwise only the day counts.
   */
  public Optional<String> closedAt(Instant at, boolean hours) {
    LocalDate day = at.atZone(EXCHANGE_ZONE).toLocalDate();
    String name = name().toLowerCase(Locale.ROOT);
    if (!trades(day)) {
      return Optional.of("not a trading day (" + name + " calendar)");
    }
    if (this != NYSE || !hours) {
      return Optional.empty();
    }
    LocalTime time = at.atZone(EXCHANGE_ZONE).toLocalTime();
    LocalTime close = nyseClose(day);
    if (time.isBefore(OPEN) || !time.isBefore(close)) {
      return Optional.of("outside the exchange's hours (" + day + " " + OPEN + "-" + close + " " + EXCHANGE_ZONE
          + (close.equals(EARLY_CLOSE) ? ", an early close" : "") + "; nyse calendar)");
    }
    return Optional.empty();
  }

  /** When the NYSE's session of a trading {@code day} ends. */
  public static LocalTime nyseClose(LocalDate day) {
    return isNyseEarlyClose(day) ? EARLY_CLOSE : CLOSE;
  }

  /** Whether the NYSE closes at 13:00 on {@code day}, by its rules. */
  public static boolean isNyseEarlyClose(LocalDate day) {
    int year = day.getYear();
    boolean mondayToThursday = day.getDayOfWeek().getValue() <= DayOfWeek.THURSDAY.getValue();
    return (day.equals(LocalDate.of(year, Month.JULY, 3)) && mondayToThursday)
        || day.equals(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4).plusDays(1))
        || (day.equals(LocalDate.of(year, Month.DECEMBER, 24)) && mondayToThursday);
  }

  public boolean trades(LocalDate day) {
    return switch (this) {
      case ALWAYS, BROKER -> true;
      case WEEKDAYS -> isWeekday(day);
      case NYSE -> isWeekday(day) && !isNyseHoliday(day);
    };
  }

  /** The first trading day on or after {@code day} (a holiday run is at most a few days long). */
  public LocalDate onOrAfter(LocalDate day) {
    LocalDate d = day;
    for (int i = 0; i < 14 && !trades(d); i++) {
      d = d.plusDays(1);
    }
    return d;
  }

  private static boolean isWeekday(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  public static boolean isNyseHoliday(LocalDate day) {
    int year = day.getYear();
    // New Year's Day: Sunday moves to Monday; a Saturday one is not made up on the Friday before.
    LocalDate newYear = LocalDate.of(year, 1, 1);
    if (day.equals(newYear.getDayOfWeek() == DayOfWeek.SUNDAY ? newYear.plusDays(1) : newYear)) {
      return true;
    }
    return day.equals(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3))
        || day.equals(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3))
        || day.equals(easter(year).minusDays(2))
        || day.equals(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
        || (year >= 2022 && day.equals(observed(LocalDate.of(year, Month.JUNE, 19))))
        || day.equals(observed(LocalDate.of(year, Month.JULY, 4)))
        || day.equals(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))
        || day.equals(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))
        || day.equals(observed(LocalDate.of(year, Month.DECEMBER, 25)));
  }

  private static LocalDate observed(LocalDate holiday) {
    return switch (holiday.getDayOfWeek()) {
      case SATURDAY -> holiday.minusDays(1);
      case SUNDAY -> holiday.plusDays(1);
      default -> holiday;
    };
  }

  private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
  }

  /** Easter Sunday (the anonymous Gregorian algorithm). */
  public static LocalDate easter(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, month, day);
  }
}
