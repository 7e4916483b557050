package io.alchemiser.strategy;

import io.alchemiser.shared.calendar.TradingCalendar;
import io.alchemiser.strategy.symphony.PriceHistory;
import io.alchemiser.strategy.symphony.RebalanceFrequency;
import java.time.LocalDate;

/**
 * Which day a workflow decides for, and the calendar that says when a strategy's rebalance period
 * begins: a live workflow's day is today on the exchange and the NYSE calendar decides; a
 * backtest's day is the simulated one and the data's own trading days decide, from the backtest's
 * first day.
 *
 * <p>A strategy whose period began earlier holds the allocation it chose on the period's first
 * trading day: live, on the bars before that day (what a workflow that day saw); in a backtest, on
 * the bars up to and including it (a backtest decides on each day's close).
 */
final class RebalanceDays {
  private final LocalDate day;
  private final LocalDate firstDay;
  private final PriceHistory history;
  private final boolean live;

  private RebalanceDays(LocalDate day, LocalDate firstDay, PriceHistory history, boolean live) {
    this.day = day;
    this.firstDay = firstDay;
    this.history = history;
    this.live = live;
  }

  /** A live workflow on {@code today}; a {@code :none} strategy's first day is the first day of its data. */
  static RebalanceDays live(LocalDate today, PriceHistory history) {
    LocalDate first = history.firstDay();
    return new RebalanceDays(today, first == null ? today : first, history, true);
  }

  /** A backtest's simulated {@code day}; its periods start no earlier than its {@code from} date. */
  static RebalanceDays backtest(LocalDate day, LocalDate from, PriceHistory history) {
    return new RebalanceDays(day, from, history, false);
  }

  LocalDate day() {
    return day;
  }

  /** The first trading day of the period {@code frequency} is in on this day (it may be this day). */
  LocalDate periodBegan(RebalanceFrequency frequency) {
    LocalDate start = frequency == RebalanceFrequency.NONE ? firstDay : max(frequency.periodStart(day), firstDay);
    LocalDate began = onOrAfter(start);
    if (began.isAfter(day) && frequency != RebalanceFrequency.NONE) {
      // Before the period's first trading day (a weekend, a holiday): the period before still holds.
      began = onOrAfter(max(frequency.periodStart(frequency.periodStart(day).minusDays(1)), firstDay));
    }
    return began;
  }

  /** The history on which a period that began on {@code began} chose its allocation, or null when there is none. */
  PriceHistory heldOn(LocalDate began) {
    PriceHistory held = history.cutAt(began, !live);
    return held != null ? held : history.cutAt(began, true);
  }

  private LocalDate onOrAfter(LocalDate start) {
    if (live) {
      return TradingCalendar.NYSE.onOrAfter(start);
    }
    LocalDate found = history.dayOnOrAfter(start);
    return found != null ? found : start;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
