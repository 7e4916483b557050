package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.Indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.marketdata.SampleMarketData;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/**
 * Each indicator against an independent reference on the same data, to 1e-9: ta4j for RSI, SMA and
 * EMA (its smoothing starts from the first value rather than a simple mean, a difference that decays
 * to nothing over the 1,000 bars used here for short windows), Commons Math for the statistics, and
 * exact decimal arithmetic for returns and drawdowns.
 */
class IndicatorTest {
  private static final double TOLERANCE = 1e-9;
  private static Vertx vertx;
  private static double[] spy;
  private static double[] tqqq;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    SampleMarketData data = new SampleMarketData(vertx);
    spy = closes(data.dailyBars("SPY", null).await());
    tqqq = closes(data.dailyBars("TQQQ", null).await());
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private static double[] closes(List<Bar> bars) {
    return bars.stream().mapToDouble(b -> b.close().doubleValue()).toArray();
  }

  private static BarSeries series(double[] closes) {
    BarSeries series = new BaseBarSeriesBuilder().withName("test").build();
    java.time.ZonedDateTime day = java.time.LocalDate.of(2020, 1, 1).atStartOfDay(ZoneOffset.UTC);
    for (double close : closes) {
      day = day.plusDays(1);
      series.addBar(day, close, close, close, close, 0);
    }
    return series;
  }

  @Test
  void rsiMatchesTa4jWildersSmoothing() {
    for (double[] closes : new double[][] {spy, tqqq}) {
      BarSeries series = series(closes);
      for (int window : new int[] {2, 5, 10, 14, 20}) {
        double reference = new RSIIndicator(new ClosePriceIndicator(series), window).getValue(series.getEndIndex()).doubleValue();
        assertThat(Indicator.RSI.compute(closes, closes.length, window)).as("rsi %d", window).isCloseTo(reference, within(TOLERANCE));
      }
    }
  }

  @Test
  void rsiFollowsTheSimpleMeanSeedExactly() {
    // A worked example small enough to do by hand: changes +1, -1, +2, +1, -2 with window 2.
    double[] closes = {10, 11, 10, 12, 13, 11};
    // Seed: gains (1 + 0)/2 = 0.5, losses (0 + 1)/2 = 0.5. Then +2: g = (0.5 + 2)/2 = 1.25, l = 0.25.
    // +1: g = 1.125, l = 0.125. -2: g = 0.5625, l = 1.0625. RSI = 100 - 100 / (1 + 0.5625 / 1.0625).
    assertThat(Indicator.RSI.compute(closes, closes.length, 2)).isCloseTo(100 - 100 / (1 + 0.5625 / 1.0625), within(1e-12));
    assertThat(Indicator.RSI.compute(new double[] {1, 2, 3, 4}, 4, 3)).isEqualTo(100);
  }

  @Test
  void movingAveragesMatchTa4j() {
    BarSeries series = series(spy);
    int end = series.getEndIndex();
    for (int window : new int[] {1, 5, 20, 50, 200}) {
      double sma = new SMAIndicator(new ClosePriceIndicator(series), window).getValue(end).doubleValue();
      assertThat(Indicator.MOVING_AVERAGE_PRICE.compute(spy, spy.length, window)).isCloseTo(sma, within(TOLERANCE));
    }
    for (int window : new int[] {2, 5, 10, 20}) {
      double ema = new EMAIndicator(new ClosePriceIndicator(series), window).getValue(end).doubleValue();
      assertThat(Indicator.EXPONENTIAL_MOVING_AVERAGE_PRICE.compute(spy, spy.length, window)).as("ema %d", window)
          .isCloseTo(ema, within(TOLERANCE));
    }
  }

  @Test
  void longEmaIsSeededWithTheSimpleMeanOfTheFirstWindow() {
    int window = 200;
    BigDecimal alpha = BigDecimal.valueOf(2).divide(BigDecimal.valueOf(window + 1), MathContext.DECIMAL128);
    BigDecimal ema = BigDecimal.ZERO;
    for (int i = 0; i < window; i++) {
      ema = ema.add(BigDecimal.valueOf(spy[i]));
    }
    ema = ema.divide(BigDecimal.valueOf(window), MathContext.DECIMAL128);
    for (int i = window; i < spy.length; i++) {
      ema = alpha.multiply(BigDecimal.valueOf(spy[i])).add(BigDecimal.ONE.subtract(alpha).multiply(ema), MathContext.DECIMAL128);
    }
    assertThat(Indicator.EXPONENTIAL_MOVING_AVERAGE_PRICE.compute(spy, spy.length, window)).isCloseTo(ema.doubleValue(), within(TOLERANCE));
  }

  @Test
  void statisticsMatchCommonsMath() {
    for (int window : new int[] {2, 10, 20, 63, 252}) {
      DescriptiveStatistics prices = new DescriptiveStatistics();
      DescriptiveStatistics returns = new DescriptiveStatistics();
      for (int i = spy.length - window; i < spy.length; i++) {
        prices.addValue(spy[i]);
        returns.addValue(spy[i] / spy[i - 1] - 1);
      }
      assertThat(Indicator.STDEV_PRICE.compute(spy, spy.length, window)).isCloseTo(prices.getStandardDeviation(), within(TOLERANCE));
      assertThat(Indicator.STDEV_RETURN.compute(spy, spy.length, window))
          .isCloseTo(returns.getStandardDeviation() * 100, within(TOLERANCE));
      assertThat(Indicator.MOVING_AVERAGE_RETURN.compute(spy, spy.length, window))
          .isCloseTo(returns.getMean() * 100, within(TOLERANCE));
    }
  }

  @Test
  void returnsAndDrawdownsMatchExactDecimalArithmetic() {
    for (int window : new int[] {1, 5, 21, 126, 500}) {
      BigDecimal last = BigDecimal.valueOf(tqqq[tqqq.length - 1]);
      BigDecimal before = BigDecimal.valueOf(tqqq[tqqq.length - 1 - window]);
      double cumulative = last.divide(before, MathContext.DECIMAL128).subtract(BigDecimal.ONE).movePointRight(2).doubleValue();
      assertThat(Indicator.CUMULATIVE_RETURN.compute(tqqq, tqqq.length, window)).isCloseTo(cumulative, within(TOLERANCE));

      BigDecimal peak = BigDecimal.ZERO;
      BigDecimal worst = BigDecimal.ZERO;
      for (int i = tqqq.length - window; i < tqqq.length; i++) {
        BigDecimal close = BigDecimal.valueOf(tqqq[i]);
        peak = peak.max(close);
        worst = worst.max(peak.subtract(close).divide(peak, MathContext.DECIMAL128));
      }
      assertThat(Indicator.MAX_DRAWDOWN.compute(tqqq, tqqq.length, window)).isCloseTo(worst.movePointRight(2).doubleValue(), within(TOLERANCE));
    }
    assertThat(Indicator.MAX_DRAWDOWN.compute(new double[] {100, 120, 90, 110, 60, 200}, 6, 6)).isCloseTo(50, within(1e-12));
    assertThat(Indicator.CURRENT_PRICE.compute(spy, 10, 1)).isEqualTo(spy[9]);
  }

  @Test
  void standardDeviationSurvivesLargeNearlyEqualPrices() {
    // Naive Σx² − n·mean² cancels catastrophically here; the two-pass form keeps full precision.
    double[] closes = new double[50];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = 1e9 + (i % 2 == 0 ? 0.5 : -0.5);
    }
    DescriptiveStatistics reference = new DescriptiveStatistics(closes);
    assertThat(Indicator.STDEV_PRICE.compute(closes, closes.length, 50)).isCloseTo(reference.getStandardDeviation(), within(1e-9));
  }

  @Test
  void historyNeededPerIndicator() {
    assertThat(Indicator.RSI.closesNeeded(10)).isEqualTo(11);
    assertThat(Indicator.STDEV_RETURN.closesNeeded(10)).isEqualTo(11);
    assertThat(Indicator.MOVING_AVERAGE_PRICE.closesNeeded(10)).isEqualTo(10);
    assertThat(Indicator.CURRENT_PRICE.closesNeeded(10)).isEqualTo(1);
    assertThat(Indicator.STDEV_PRICE.minWindow()).isEqualTo(2);
  }

  /**
   * The oscillators against a closed form: an EMA seeded with the mean of its first n values is
   * that mean weighted by (1 − α)^(t − n + 1) plus α(1 − α)^(t − i) of each later value — summed
   * directly here, not by the recursion the indicator uses.
   */
  @Test
  void percentagePriceOscillatorAndItsSignalMatchAClosedForm() {
    Window ppo = new Window(12, 26, 0);
    Window signal = new Window(12, 26, 9);
    assertThat(Indicator.PERCENTAGE_PRICE_OSCILLATOR.closesNeeded(ppo)).isEqualTo(26);
    assertThat(Indicator.PERCENTAGE_PRICE_OSCILLATOR_SIGNAL.closesNeeded(signal)).isEqualTo(34);
    double[] oscillator = new double[spy.length];
    for (int t = 25; t < spy.length; t++) {
      oscillator[t] = (closedFormEma(spy, 0, t, 12) - closedFormEma(spy, 0, t, 26)) / closedFormEma(spy, 0, t, 26) * 100;
    }
    for (int length : new int[] {26, 27, 100, 500, spy.length}) {
      assertThat(Indicator.PERCENTAGE_PRICE_OSCILLATOR.compute(spy, length, ppo)).as("ppo at %d", length)
          .isCloseTo(oscillator[length - 1], within(TOLERANCE));
    }
    for (int length : new int[] {34, 35, 200, spy.length}) {
      assertThat(Indicator.PERCENTAGE_PRICE_OSCILLATOR_SIGNAL.compute(spy, length, signal)).as("signal at %d", length)
          .isCloseTo(closedFormEma(oscillator, 25, length - 1, 9), within(TOLERANCE));
    }
    // Prefixes too short have no value, and every prefix's value is what compute gives for it.
    double[] all = Indicator.PERCENTAGE_PRICE_OSCILLATOR_SIGNAL.computeAll(spy, 60, signal);
    assertThat(all[32]).isNaN();
    assertThat(all[59]).isEqualTo(Indicator.PERCENTAGE_PRICE_OSCILLATOR_SIGNAL.compute(spy, 60, signal));
  }

  /** The EMA over n values of v[from..t], seeded with the mean of v[from..from + n). */
  private static double closedFormEma(double[] v, int from, int t, int n) {
    double alpha = 2.0 / (n + 1);
    double seed = 0;
    for (int i = from; i < from + n; i++) {
      seed += v[i];
    }
    seed /= n;
    double value = seed * Math.pow(1 - alpha, t - (from + n - 1));
    for (int i = from + n; i <= t; i++) {
      value += alpha * Math.pow(1 - alpha, t - i) * v[i];
    }
    return value;
  }
}
