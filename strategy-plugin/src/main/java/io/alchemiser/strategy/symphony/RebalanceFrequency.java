package io.alchemiser.strategy.symphony;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A symphony's {@code :rebalance-frequency}: its allocation is recomputed on the first trading day
 * of each new period and held until the next one ({@code :none}: computed once, on the first day).
 */
public enum RebalanceFrequency {
  DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY, NONE;

  /** As the DSL writes it, without the colon. */
  public String dslName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<RebalanceFrequency> byName(String name) {
    return Arrays.stream(values()).filter(f -> f.dslName().equals(name)).findFirst();
  }

  /** The first calendar day of the period that contains {@code day} (DAILY: the day; NONE: none, so {@link LocalDate#MIN}). */
  public LocalDate periodStart(LocalDate day) {
    return switch (this) {
      case DAILY -> day;
      case WEEKLY -> day.with(java.time.DayOfWeek.MONDAY);
      case MONTHLY -> day.withDayOfMonth(1);
      case QUARTERLY -> LocalDate.of(day.getYear(), (day.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1, 1);
      case YEARLY -> day.withDayOfYear(1);
      case NONE -> LocalDate.MIN;
    };
  }

  /** What a signal says of a strategy that holds the allocation its period began with on {@code began}. */
  public String holding(LocalDate began) {
    String period = switch (this) {
      case DAILY -> "day";
      case WEEKLY -> "week";
      case MONTHLY -> "month";
      case QUARTERLY -> "quarter";
      case YEARLY -> "year";
      case NONE -> null;
    };
    return period == null ? dslName() + ": holds the allocation chosen on " + began + ", its first day; it is never recomputed"
        : dslName() + ": holds the allocation chosen on " + began + ", the first trading day of the " + period
            + "; it is recomputed when the next " + period + " begins";
  }
}
