package io.alchemiser.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.strategy.symphony.PriceHistory;
import io.alchemiser.strategy.symphony.RebalanceFrequency;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Symphony files of the shape real ones have (written for this test, in {@code src/test/resources/corpus}):
 * groups under filters, inverse volatility over groups, 260 levels deep, a class share written
 * {@code BRK/B}, monthly, weekly and quarterly rebalancing, the price oscillators, and a Composer JSON
 * export. Each parses, compiles and evaluates on generated data on every day of a 60-day backtest,
 * recomputing its allocation exactly on the first trading day of each of its periods.
 */
class SymphonyCorpusTest {
  private static final List<String> FILES = List.of("groups-under-filters.clj", "inverse-volatility-groups.clj", "brk-monthly.clj",
      "ppo.clj", "deep-chain.clj", "composer-export.json");

  @Test
  void everyFileCompilesAndEvaluatesOnEveryDayAndHoldsBetweenItsPeriods() throws IOException {
    LocalDate[] calendar = weekdays(LocalDate.of(2023, 1, 2), 400);
    for (String file : FILES) {
      Symphony symphony = SymphonyCompiler.parseAndCompile(file, read(file));
      PriceHistory.Days data = PriceHistory.days(randomWalks(symphony.tickers(), calendar), dates(symphony.tickers(), calendar));
      List<ConfiguredStrategy> strategies = List.of(new SymphonyStrategy(symphony.name(), file, BigDecimal.ONE, symphony));
      LocalDate from = calendar[340];
      Map<String, BigDecimal> heldSince = null;
      int rebalanced = 0;
      for (int k = 340; k < calendar.length; k++) {
        PriceHistory history = data.on(calendar[k]);
        SignalEngine.Signals signals = SignalEngine.evaluateOn(strategies, history, RebalanceDays.backtest(calendar[k], from, history));
        assertThat(signals.allocation().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).as(file).isEqualByComparingTo("1");
        boolean begins = k == 340 || begins(symphony.frequency(), calendar[k - 1], calendar[k]);
        String holding = signals.strategies().get(0).holding();
        assertThat(holding == null).as("%s on %s", file, calendar[k]).isEqualTo(begins);
        if (begins) {
          rebalanced++;
          heldSince = signals.allocation();
        } else {
          assertThat(signals.allocation()).as("%s holds on %s", file, calendar[k]).isEqualTo(heldSince);
        }
      }
      // 2024-04-22 (a Monday, the backtest's first day) to 2024-07-12: 60 days, 12 weeks, Apr 22 + May, June, July, and Apr 22 + Q3.
      int expected = switch (symphony.frequency()) {
        case DAILY -> 60;
        case WEEKLY -> 12;
        case MONTHLY -> 4;
        case QUARTERLY -> 2;
        default -> 1;
      };
      assertThat(rebalanced).as(file).isEqualTo(expected);
    }
  }

  @Test
  void theClassShareIsOneTickerInAlpacasSpellingWhicheverIsWritten() throws IOException {
    Symphony symphony = SymphonyCompiler.parseAndCompile("brk-monthly.clj", read("brk-monthly.clj"));
    assertThat(symphony.tickers()).containsExactlyInAnyOrder("BRK.B", "SPY", "XLK", "TLT");
    assertThat(symphony.frequency()).isEqualTo(RebalanceFrequency.MONTHLY);
  }

  /** Worked out independently of the module: a new period begins when the day before was in another week, month, ... */
  private static boolean begins(RebalanceFrequency frequency, LocalDate previous, LocalDate day) {
    return switch (frequency) {
      case DAILY -> true;
      case WEEKLY -> !previous.with(DayOfWeek.MONDAY).equals(day.with(DayOfWeek.MONDAY));
      case MONTHLY -> previous.getMonthValue() != day.getMonthValue() || previous.getYear() != day.getYear();
      case QUARTERLY -> (previous.getMonthValue() - 1) / 3 != (day.getMonthValue() - 1) / 3 || previous.getYear() != day.getYear();
      case YEARLY -> previous.getYear() != day.getYear();
      case NONE -> false;
    };
  }

  static String read(String file) throws IOException {
    try (InputStream in = SymphonyCorpusTest.class.getResourceAsStream("/corpus/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Weekdays from {@code start}: 2023-01-02 is a Monday, so 400 of them run to 2024-07-19. */
  static LocalDate[] weekdays(LocalDate start, int count) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = start; days.size() < count; d = d.plusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        days.add(d);
      }
    }
    return days.toArray(LocalDate[]::new);
  }

  static Map<String, double[]> randomWalks(Iterable<String> tickers, LocalDate[] calendar) {
    Map<String, double[]> closes = new HashMap<>();
    for (String ticker : tickers) {
      Random random = new Random(ticker.hashCode());
      double[] series = new double[calendar.length];
      series[0] = 50 + random.nextInt(200);
      for (int i = 1; i < series.length; i++) {
        series[i] = series[i - 1] * (1 + random.nextGaussian() * 0.015);
      }
      closes.put(ticker, series);
    }
    return closes;
  }

  static Map<String, LocalDate[]> dates(Iterable<String> tickers, LocalDate[] calendar) {
    Map<String, LocalDate[]> dates = new HashMap<>();
    tickers.forEach(t -> dates.put(t, calendar));
    return dates;
  }
}
