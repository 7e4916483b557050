package io.alchemiser.portfolio;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.TradeAction;
import io.alchemiser.shared.event.WorkflowException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Exact rebalancing (see docs in the README): target value = weight × (equity − cash reserve);
 * trade = target − current; no trade under the drift threshold or the minimum trade value;
 * positions outside the target are sold completely; buys never spend more than the cash plus the
 * proceeds of the sells minus the reserve, and are scaled down together when they would.
 */
final class RebalancePlanner {
  private static final int SHARE_SCALE = 6;
  private static final int MONEY_SCALE = 2;
  private static final int WEIGHT_SCALE = 8;
  private static final MathContext MC = MathContext.DECIMAL128;

  private final PlannerSettings settings;

  RebalancePlanner(PlannerSettings settings) {
    this.settings = settings;
  }

  RebalancePlan plan(Map<String, BigDecimal> targets, AccountSnapshot account, BigDecimal strategyThreshold) {
    BigDecimal equity = account.equity();
    if (equity.signum() <= 0) {
      throw new WorkflowException(ErrorCodes.PLANNING_ERROR, "account equity is " + equity.toPlainString() + "; nothing to rebalance");
    }
    BigDecimal threshold = strategyThreshold != null ? strategyThreshold : settings.driftThreshold();
    BigDecimal investable = equity.subtract(settings.cashReserve()).max(BigDecimal.ZERO);
    TreeSet<String> symbols = new TreeSet<>(targets.keySet());
    symbols.addAll(account.quantities().keySet());

    List<Line> lines = new ArrayList<>();
    for (String symbol : symbols) {
      BigDecimal price = account.prices().get(symbol);
      if (price == null) {
        throw new WorkflowException(ErrorCodes.PLANNING_ERROR, "the broker has no price for " + symbol);
      }
      BigDecimal quantity = account.quantities().getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal currentValue = money(quantity.multiply(price));
      BigDecimal targetWeight = targets.getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal targetValue = money(targetWeight.multiply(investable, MC));
      lines.add(new Line(symbol, price, quantity, currentValue, targetWeight, targetValue));
    }

    List<PlannedTrade> sells = new ArrayList<>();
    List<Line> buyCandidates = new ArrayList<>();
    List<Line> holdLines = new ArrayList<>();
    for (Line line : lines) {
      BigDecimal delta = line.targetValue.subtract(line.currentValue);
      boolean leaving = line.targetWeight.signum() == 0 && line.quantity.signum() > 0;
      if (leaving) {
        sells.add(line.trade(equity, line.quantity, TradeAction.SELL));
      } else if (belowThresholds(delta, equity, threshold)) {
        holdLines.add(line);
      } else if (delta.signum() < 0) {
        PlannedTrade sell = sellDownToTarget(line, equity, account);
        if (sell == null) {
          holdLines.add(line);
        } else {
          sells.add(sell);
        }
      } else {
        buyCandidates.add(line);
      }
    }

    BigDecimal wanted = BigDecimal.ZERO;
    for (Line line : buyCandidates) {
      wanted = wanted.add(line.targetValue.subtract(line.currentValue));
    }
    // When the buys need more cash than the sells free, overweight positions left alone by the
    // threshold are trimmed to their targets too, rather than leaving the buys short.
    if (wanted.compareTo(budget(account, sells)) > 0) {
      for (java.util.Iterator<Line> it = holdLines.iterator(); it.hasNext(); ) {
        Line line = it.next();
        if (line.currentValue.compareTo(line.targetValue) > 0) {
          PlannedTrade trim = sellDownToTarget(line, equity, account);
          if (trim != null) {
            sells.add(trim);
            it.remove();
          }
        }
      }
    }
    BigDecimal budget = budget(account, sells);
    BigDecimal scale = wanted.compareTo(budget) > 0 ? budget.divide(wanted, MC) : BigDecimal.ONE;
    List<PlannedTrade> buys = new ArrayList<>();
    List<PlannedTrade> holds = new ArrayList<>();
    for (Line line : buyCandidates) {
      BigDecimal value = line.targetValue.subtract(line.currentValue).multiply(scale, MC);
      BigDecimal quantity = shares(line.symbol, value.divide(line.price, MC), account);
      BigDecimal cost = quantity.multiply(line.price);
      if (quantity.signum() == 0 || cost.compareTo(settings.minTradeValue()) < 0) {
        holds.add(line.trade(equity, BigDecimal.ZERO, TradeAction.HOLD));
      } else {
        buys.add(line.trade(equity, quantity, TradeAction.BUY));
      }
    }
    holdLines.forEach(line -> holds.add(line.trade(equity, BigDecimal.ZERO, TradeAction.HOLD)));
    sells.sort(Comparator.comparing(PlannedTrade::symbol));

    List<PlannedTrade> trades = new ArrayList<>(sells);
    trades.addAll(buys);
    holds.sort(Comparator.comparing(PlannedTrade::symbol));
    trades.addAll(holds);
    BigDecimal totalSell = sum(sells).negate();
    BigDecimal totalBuy = sum(buys);
    return new RebalancePlan(equity, account.cash(), settings.cashReserve(), money(totalSell), money(totalBuy), trades);
  }

  /**
   * Every line held, saying why: no strategy's rebalance period began today, so the account keeps
   * what it has (the lines still show where it stands against the targets).
   */
  RebalancePlan holding(Map<String, BigDecimal> targets, AccountSnapshot account, String reason) {
    BigDecimal equity = account.equity();
    BigDecimal investable = equity.subtract(settings.cashReserve()).max(BigDecimal.ZERO);
    TreeSet<String> symbols = new TreeSet<>(targets.keySet());
    symbols.addAll(account.quantities().keySet());
    List<PlannedTrade> holds = new ArrayList<>();
    for (String symbol : symbols) {
      BigDecimal price = account.prices().getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal quantity = account.quantities().getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal targetWeight = targets.getOrDefault(symbol, BigDecimal.ZERO);
      holds.add(new Line(symbol, price, quantity, money(quantity.multiply(price)), targetWeight,
          money(targetWeight.multiply(investable, MC))).trade(equity, BigDecimal.ZERO, TradeAction.HOLD));
    }
    return new RebalancePlan(equity, account.cash(), settings.cashReserve(), BigDecimal.ZERO.setScale(MONEY_SCALE),
        BigDecimal.ZERO.setScale(MONEY_SCALE), holds, reason);
  }

  /** Cash plus what the sells bring, less the reserve: what the buys may spend. */
  private BigDecimal budget(AccountSnapshot account, List<PlannedTrade> sells) {
    // Exact proceeds, not the rounded trade values: a rounded-up cent would let the buys dip into the reserve.
    BigDecimal proceeds = sells.stream().map(s -> s.quantity().multiply(s.price())).reduce(BigDecimal.ZERO, BigDecimal::add);
    return account.cash().add(proceeds).subtract(settings.cashReserve()).max(BigDecimal.ZERO);
  }

  /** A sell of the shares above the target, or null when that is no share or less than the minimum trade. */
  private PlannedTrade sellDownToTarget(Line line, BigDecimal equity, AccountSnapshot account) {
    BigDecimal excess = line.currentValue.subtract(line.targetValue);
    BigDecimal quantity = shares(line.symbol, excess.divide(line.price, MC), account).min(line.quantity);
    if (quantity.signum() == 0 || quantity.multiply(line.price).compareTo(settings.minTradeValue()) < 0) {
      return null;
    }
    return line.trade(equity, quantity, TradeAction.SELL);
  }

  private boolean belowThresholds(BigDecimal delta, BigDecimal equity, BigDecimal threshold) {
    BigDecimal size = delta.abs();
    return size.compareTo(settings.minTradeValue()) < 0
        || size.signum() == 0
        || size.divide(equity, MC).compareTo(threshold) < 0;
  }

  /** Shares rounded down: whole ones when fractions are off, or when the broker trades this symbol in whole shares only. */
  private BigDecimal shares(String symbol, BigDecimal quantity, AccountSnapshot account) {
    boolean fractions = settings.fractionalShares() && !account.wholeShares().contains(symbol);
    return quantity.setScale(fractions ? SHARE_SCALE : 0, RoundingMode.DOWN).stripTrailingZeros().max(BigDecimal.ZERO);
  }

  private static BigDecimal money(BigDecimal value) {
    return value.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal sum(List<PlannedTrade> trades) {
    return trades.stream().map(PlannedTrade::tradeValue).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private record Line(String symbol, BigDecimal price, BigDecimal quantity, BigDecimal currentValue,
                      BigDecimal targetWeight, BigDecimal targetValue) {

    PlannedTrade trade(BigDecimal equity, BigDecimal tradeQuantity, TradeAction action) {
      BigDecimal value = money(tradeQuantity.multiply(price));
      BigDecimal signed = action == TradeAction.SELL ? value.negate() : value;
      return new PlannedTrade(symbol, price, quantity, currentValue,
          currentValue.divide(equity, WEIGHT_SCALE, RoundingMode.HALF_EVEN),
          targetWeight, targetValue, signed, tradeQuantity, action);
    }
  }
}
