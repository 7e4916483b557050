package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.syntax.DeepStack;
import io.alchemiser.strategy.symphony.PriceHistory;
import io.alchemiser.strategy.symphony.RebalanceFrequency;

import io.alchemiser.shared.trading.Allocations;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.marketdata.MarketDataException;
import io.alchemiser.shared.marketdata.MarketDataProvider;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates strategies side by side on one shared price history: each strategy's allocation, and
 * their weighted sum. With live data it refuses to trade on a latest bar that is too old.
 */
final class SignalEngine {
  private static final ZoneId EXCHANGE = ZoneId.of("America/New_York");

  private final MarketDataProvider marketData;
  private final int maxStaleTradingDays;

  SignalEngine(MarketDataProvider marketData, int maxStaleTradingDays) {
    this.marketData = marketData;
    this.maxStaleTradingDays = maxStaleTradingDays;
  }

  record Signals(LocalDate asOf, Map<String, BigDecimal> allocation, List<StrategySignal> strategies,
                 List<ConfiguredStrategy> sources, BigDecimal rebalanceThreshold) {
  }

  Future<Signals> evaluate(List<ConfiguredStrategy> strategies, LocalDate requestedAsOf) {
    Set<String> tickers = new TreeSet<>();
    strategies.forEach(s -> tickers.addAll(s.symbols()));
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    return PriceHistory.load(marketData, tickers, requestedAsOf).compose(history -> {
      if (requestedAsOf == null) {
        checkFresh(history.asOf());
      }
      // Live data decides for today on the exchange; a past as-of date, or data that is not live (sample, CSV),
      // for the day of its last bar, as a workflow on that day would have.
      LocalDate day = requestedAsOf != null ? requestedAsOf : marketData.live() ? LocalDate.now(EXCHANGE) : history.asOf();
      RebalanceDays days = RebalanceDays.live(day, history);
      return DeepStack.submit(context, () -> evaluateOn(strategies, history, days));
    });
  }

  /** The strategies on a history already loaded, each on the day its rebalance period began; errors name the strategy. */
  static Signals evaluateOn(List<ConfiguredStrategy> strategies, PriceHistory history, RebalanceDays days) {
    List<StrategySignal> signals = new ArrayList<>();
    BigDecimal threshold = null;
    for (ConfiguredStrategy strategy : strategies) {
      ConfiguredStrategy.Evaluation result;
      String holding = null;
      try {
        PriceHistory decidedOn = history;
        if (strategy.frequency() != RebalanceFrequency.DAILY) {
          LocalDate began = days.periodBegan(strategy.frequency());
          if (!began.equals(days.day())) {
            decidedOn = days.heldOn(began);
            holding = strategy.frequency().holding(began);
          }
        }
        if (decidedOn == null) {
          throw new MarketDataException("the data has no bars from the day its " + strategy.frequency().dslName()
              + " rebalance period began");
        }
        result = strategy.evaluate(decidedOn);
      } catch (WorkflowException e) {
        throw new WorkflowException(e.errorCode(), "strategy '" + strategy.name() + "': " + e.getMessage());
      } catch (RuntimeException e) {
        throw new WorkflowException(ErrorCodes.STRATEGY_ERROR, "strategy '" + strategy.name() + "' failed: " + e);
      }
      signals.add(new StrategySignal(strategy.name(), strategy.weight(), result.allocation(), result.trace(), holding));
      // With several strategies, the smallest threshold wins: no strategy drifts further than it allows.
      if (strategy.rebalanceThreshold() != null && (threshold == null || strategy.rebalanceThreshold().compareTo(threshold) < 0)) {
        threshold = strategy.rebalanceThreshold();
      }
    }
    return new Signals(history.asOf(), Allocations.consolidate(signals), List.copyOf(signals), strategies, threshold);
  }

  private void checkFresh(LocalDate asOf) {
    if (!marketData.live()) {
      return;
    }
    LocalDate today = LocalDate.now(EXCHANGE);
    int tradingDays = 0;
    for (LocalDate d = asOf.plusDays(1); d.isBefore(today); d = d.plusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        tradingDays++;
      }
    }
    if (tradingDays > maxStaleTradingDays) {
      throw new MarketDataException("the latest bar is from " + asOf + ", " + tradingDays + " trading days ago (limit "
          + maxStaleTradingDays + ", marketData.maxStaleTradingDays); refusing to trade on stale prices");
    }
  }
}
