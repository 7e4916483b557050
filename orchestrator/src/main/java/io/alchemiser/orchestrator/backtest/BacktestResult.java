package io.alchemiser.orchestrator.backtest;

import io.alchemiser.shared.backtest.BacktestSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A finished backtest: the figures a trader compares symphonies by, and the daily series behind
 * them. Money is exact and shown to the cent; the statistics of daily returns are doubles.
 * Definitions (docs/backtests.md): total return and CAGR from the starting cash to the last day's
 * equity, CAGR over calendar time between the first and last trading day; max drawdown of the daily
 * equity series; volatility and Sharpe (risk-free 0) from the sample standard deviation of daily
 * returns, × √252; turnover = traded value / mean daily equity.
 */
public record BacktestResult(
    String id,
    List<String> strategies,
    LocalDate from,
    LocalDate to,
    LocalDate firstDay,
    LocalDate lastDay,
    int days,
    BigDecimal startingCash,
    BigDecimal finalEquity,
    BigDecimal totalReturnPct,
    BigDecimal cagrPct,
    BigDecimal maxDrawdownPct,
    BigDecimal annualVolatilityPct,
    BigDecimal sharpe,
    int trades,
    BigDecimal tradedValue,
    BigDecimal turnover,
    BigDecimal threshold,
    BigDecimal feeBps,
    BigDecimal slippageBps,
    BigDecimal cashReserve,
    long elapsedMs,
    BigDecimal daysPerSecond,
    List<String> tickers,
    List<List<Object>> equity,
    List<List<Object>> drawdownPct,
    List<List<Object>> buyAndHold,
    List<List<Object>> allocation) {

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final double TRADING_DAYS = 252;

  /** One simulated day: the equity marked at the close before its trades, and the weights held after them. */
  record Day(LocalDate date, BigDecimal equity, Map<String, BigDecimal> allocation, int trades, BigDecimal tradedValue) {
  }

  static BacktestResult of(BacktestSpec spec, List<String> names, Map<String, TreeMap<LocalDate, BigDecimal>> closes,
                           List<Day> days, long elapsedNanos) {
    BigDecimal cash = spec.cash();
    Day last = days.get(days.size() - 1);
    List<List<Object>> equity = new ArrayList<>();
    List<List<Object>> drawdown = new ArrayList<>();
    List<List<Object>> allocation = new ArrayList<>();
    BigDecimal peak = BigDecimal.ZERO;
    BigDecimal maxDrawdown = BigDecimal.ZERO;
    BigDecimal equitySum = BigDecimal.ZERO;
    BigDecimal traded = BigDecimal.ZERO;
    int trades = 0;
    double[] returns = new double[Math.max(0, days.size() - 1)];
    for (int i = 0; i < days.size(); i++) {
      Day day = days.get(i);
      peak = peak.max(day.equity());
      BigDecimal dd = peak.subtract(day.equity()).divide(peak, MC);
      maxDrawdown = maxDrawdown.max(dd);
      equity.add(List.of(day.date().toString(), cents(day.equity())));
      drawdown.add(List.of(day.date().toString(), pct(dd)));
      Map<String, BigDecimal> weights = new TreeMap<>();
      day.allocation().forEach((symbol, weight) -> weights.put(symbol, weight.setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros()));
      allocation.add(List.of(day.date().toString(), weights));
      equitySum = equitySum.add(day.equity());
      traded = traded.add(day.tradedValue());
      trades += day.trades();
      if (i > 0) {
        returns[i - 1] = day.equity().divide(days.get(i - 1).equity(), MC).subtract(BigDecimal.ONE).doubleValue();
      }
    }
    BigDecimal totalReturn = last.equity().subtract(cash).divide(cash, MC);
    long calendarDays = ChronoUnit.DAYS.between(days.get(0).date(), last.date());
    BigDecimal cagr = null;
    if (calendarDays > 0 && last.equity().signum() > 0) {
      double growth = Math.pow(last.equity().divide(cash, MC).doubleValue(), 365.25 / calendarDays) - 1;
      cagr = Double.isFinite(growth) ? pct(BigDecimal.valueOf(growth)) : null;
    }
    BigDecimal volatility = null;
    BigDecimal sharpe = null;
    if (returns.length >= 2) {
      double mean = 0;
      for (double r : returns) {
        mean += r;
      }
      mean /= returns.length;
      double squares = 0;
      for (double r : returns) {
        squares += (r - mean) * (r - mean);
      }
      double stdev = Math.sqrt(squares / (returns.length - 1));
      volatility = pct(BigDecimal.valueOf(stdev * Math.sqrt(TRADING_DAYS)));
      sharpe = stdev > 0 ? BigDecimal.valueOf(mean / stdev * Math.sqrt(TRADING_DAYS)).setScale(4, RoundingMode.HALF_EVEN) : null;
    }
    BigDecimal meanEquity = equitySum.divide(BigDecimal.valueOf(days.size()), MC);
    long elapsedMs = elapsedNanos / 1_000_000;
    return new BacktestResult(spec.id(), List.copyOf(names), spec.from(), spec.to(), days.get(0).date(), last.date(), days.size(),
        cents(cash), cents(last.equity()), pct(totalReturn), cagr, pct(maxDrawdown), volatility, sharpe, trades, cents(traded),
        traded.divide(meanEquity, MC).setScale(4, RoundingMode.HALF_EVEN), spec.threshold(), spec.feeBps(), spec.slippageBps(),
        spec.cashReserve(), elapsedMs,
        BigDecimal.valueOf(days.size() * 1e9 / Math.max(1, elapsedNanos)).setScale(1, RoundingMode.HALF_EVEN),
        List.copyOf(closes.keySet()), equity, drawdown, buyAndHold(cash, closes, days), allocation);
  }

  /** The same cash split equally across every ticker at the first day's close, and held. */
  private static List<List<Object>> buyAndHold(BigDecimal cash, Map<String, TreeMap<LocalDate, BigDecimal>> closes, List<Day> days) {
    LocalDate first = days.get(0).date();
    BigDecimal each = cash.divide(BigDecimal.valueOf(closes.size()), MC);
    Map<String, BigDecimal> quantities = new TreeMap<>();
    closes.forEach((ticker, series) -> quantities.put(ticker, each.divide(series.get(first), MC)));
    List<List<Object>> values = new ArrayList<>();
    for (Day day : days) {
      BigDecimal value = BigDecimal.ZERO;
      for (Map.Entry<String, BigDecimal> held : quantities.entrySet()) {
        value = value.add(held.getValue().multiply(closes.get(held.getKey()).get(day.date())));
      }
      values.add(List.of(day.date().toString(), cents(value)));
    }
    return values;
  }

  /** The daily series as CSV: date, equity, drawdown %, buy-and-hold, then the weight held of each ticker. */
  public String csv() {
    TreeSet<String> symbols = new TreeSet<>(tickers);
    StringBuilder out = new StringBuilder("date,equity,drawdown_pct,buy_and_hold");
    symbols.forEach(s -> out.append(',').append(s));
    out.append('\n');
    for (int i = 0; i < equity.size(); i++) {
      out.append(equity.get(i).get(0)).append(',').append(plain(equity.get(i).get(1))).append(',')
          .append(plain(drawdownPct.get(i).get(1))).append(',').append(plain(buyAndHold.get(i).get(1)));
      @SuppressWarnings("unchecked")
      Map<String, BigDecimal> weights = (Map<String, BigDecimal>) allocation.get(i).get(1);
      symbols.forEach(s -> out.append(',').append(weights.containsKey(s) ? weights.get(s).toPlainString() : "0"));
      out.append('\n');
    }
    return out.toString();
  }

  private static String plain(Object value) {
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
  }

  static BigDecimal cents(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal pct(BigDecimal fraction) {
    return fraction.movePointRight(2).setScale(4, RoundingMode.HALF_EVEN);
  }
}
