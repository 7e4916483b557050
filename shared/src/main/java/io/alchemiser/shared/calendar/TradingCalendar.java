package io.alchemiser.shared.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * Which days the market trades. {@code nyse}: weekdays less the NYSE's full-day holidays, computed
 * by its rules for any year (New Year's Day, Martin Luther King Jr. Day, Washington's Birthday, Good
 * Friday, Memorial Day, Juneteenth from 2022, Independence Day, Labor Day, Thanksgiving, Christmas;
 * a holiday on Saturday is observed the Friday before — except New Year's Day — and on Sunday the
 * Monday after). {@code weekdays}, {@code always}. ({@code broker} asks the broker's clock instead.)
 */
public enum TradingCalendar {
  NYSE, WEEKDAYS, ALWAYS, BROKER;

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
