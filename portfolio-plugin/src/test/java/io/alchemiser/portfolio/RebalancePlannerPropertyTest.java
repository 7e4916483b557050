package io.alchemiser.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.TradeAction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random accounts and targets: apply the plan at the given prices and check what a trader relies on.
 * Tolerances are what the rules themselves allow: the drift threshold and the minimum trade value
 * (a position may stay off by less), and share rounding (6 decimals, or one share).
 */
class RebalancePlannerPropertyTest {
  private static final List<String> SYMBOLS = List.of("AAA", "BBB", "CCC", "DDD", "EEE", "FFF");

  record Case(AccountSnapshot account, Map<String, BigDecimal> targets, PlannerSettings settings) {
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Map<String, BigDecimal>> prices = Arbitraries.bigDecimals().between(new BigDecimal("1"), new BigDecimal("2000"))
        .ofScale(2).list().ofSize(SYMBOLS.size()).map(list -> {
          Map<String, BigDecimal> map = new TreeMap<>();
          for (int i = 0; i < SYMBOLS.size(); i++) {
            map.put(SYMBOLS.get(i), list.get(i));
          }
          return map;
        });
    Arbitrary<List<BigDecimal>> holdings = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("300"))
        .ofScale(3).injectDuplicates(0.3).list().ofSize(SYMBOLS.size())
        .map(list -> list.stream().map(q -> q.compareTo(new BigDecimal("150")) < 0 ? BigDecimal.ZERO : q).toList());
    Arbitrary<List<Integer>> rawWeights = Arbitraries.integers().between(0, 10).list().ofSize(SYMBOLS.size())
        .filter(list -> list.stream().mapToInt(Integer::intValue).sum() > 0);
    Arbitrary<BigDecimal> cash = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("200000")).ofScale(2);
    Arbitrary<PlannerSettings> settings = Combinators.combine(
        Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("5000")).ofScale(2),
        Arbitraries.bigDecimals().between(new BigDecimal("1"), new BigDecimal("200")).ofScale(2),
        Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.10")).ofScale(3))
        .as((reserve, minTrade, threshold) -> new PlannerSettings(reserve, minTrade, true, threshold, null));
    return Combinators.combine(prices, holdings, rawWeights, cash, settings).as((p, q, w, c, s) -> {
      Map<String, BigDecimal> positions = new TreeMap<>();
      BigDecimal equity = c;
      for (int i = 0; i < SYMBOLS.size(); i++) {
        if (q.get(i).signum() > 0) {
          positions.put(SYMBOLS.get(i), q.get(i));
          equity = equity.add(q.get(i).multiply(p.get(SYMBOLS.get(i))));
        }
      }
      int total = w.stream().mapToInt(Integer::intValue).sum();
      Map<String, BigDecimal> targets = new TreeMap<>();
      BigDecimal assigned = BigDecimal.ZERO;
      String last = null;
      for (int i = 0; i < SYMBOLS.size(); i++) {
        if (w.get(i) > 0) {
          BigDecimal weight = BigDecimal.valueOf(w.get(i)).divide(BigDecimal.valueOf(total), 12, RoundingMode.DOWN);
          targets.put(SYMBOLS.get(i), weight);
          assigned = assigned.add(weight);
          last = SYMBOLS.get(i);
        }
      }
      targets.put(last, targets.get(last).add(BigDecimal.ONE.subtract(assigned)));
      return new Case(new AccountSnapshot(c, equity.setScale(2, RoundingMode.HALF_EVEN), positions, p), targets, s);
    }).filter(k -> k.account().equity().signum() > 0);
  }

  /** The account after the plan's trades at the plan's prices. */
  private static AccountSnapshot apply(AccountSnapshot account, RebalancePlan plan) {
    BigDecimal cash = account.cash();
    Map<String, BigDecimal> positions = new TreeMap<>(account.quantities());
    for (PlannedTrade trade : plan.trades()) {
      BigDecimal value = trade.quantity().multiply(trade.price());
      BigDecimal held = positions.getOrDefault(trade.symbol(), BigDecimal.ZERO);
      if (trade.action() == TradeAction.BUY) {
        cash = cash.subtract(value);
        positions.put(trade.symbol(), held.add(trade.quantity()));
      } else if (trade.action() == TradeAction.SELL) {
        cash = cash.add(value);
        positions.put(trade.symbol(), held.subtract(trade.quantity()));
      }
    }
    positions.values().removeIf(q -> q.signum() == 0);
    BigDecimal equity = cash;
    for (Map.Entry<String, BigDecimal> position : positions.entrySet()) {
      equity = equity.add(position.getValue().multiply(account.prices().get(position.getKey())));
    }
    return new AccountSnapshot(cash, equity.setScale(2, RoundingMode.HALF_EVEN), positions, account.prices());
  }

  @Property(tries = 400)
  void afterThePlanWeightsAreOnTargetCashKeepsTheReserveAndTradesAreWorthMaking(@ForAll("cases") Case c) {
    RebalancePlanner planner = new RebalancePlanner(c.settings());
    RebalancePlan plan = planner.plan(c.targets(), c.account(), null);
    AccountSnapshot after = apply(c.account(), plan);
    BigDecimal reserve = c.settings().cashReserve();

    // Cash never goes below the reserve because of a buy.
    boolean bought = !plan.buys().isEmpty();
    assertThat(after.cash()).isGreaterThanOrEqualTo(bought ? reserve : c.account().cash().min(reserve));
    // No trade is below the minimum, except selling out of a position that has no target.
    for (PlannedTrade trade : plan.trades()) {
      if (trade.action() != TradeAction.HOLD && trade.targetWeight().signum() > 0) {
        assertThat(trade.quantity().multiply(trade.price())).as(trade.toString()).isGreaterThanOrEqualTo(c.settings().minTradeValue());
      }
    }
    // Nothing outside the target is left.
    assertThat(c.targets().keySet()).containsAll(after.quantities().keySet());
    // Every position is within the threshold of its target, but for what the minimum trade value and
    // the share rounding leave (each position can stay off by less than one minimum trade).
    BigDecimal equity = c.account().equity();
    BigDecimal investable = equity.subtract(reserve).max(BigDecimal.ZERO);
    BigDecimal slack = c.settings().minTradeValue().multiply(BigDecimal.valueOf(SYMBOLS.size() + 1))
        .add(new BigDecimal("0.02").multiply(BigDecimal.valueOf(SYMBOLS.size())));
    if (after.cash().compareTo(reserve) >= 0 || c.account().cash().compareTo(reserve) >= 0) {
      for (Map.Entry<String, BigDecimal> target : c.targets().entrySet()) {
        BigDecimal value = after.quantities().getOrDefault(target.getKey(), BigDecimal.ZERO).multiply(after.prices().get(target.getKey()));
        BigDecimal off = value.subtract(target.getValue().multiply(investable, MathContext.DECIMAL128)).abs();
        BigDecimal allowed = c.settings().driftThreshold().multiply(equity).max(c.settings().minTradeValue()).add(slack)
            .add(after.prices().get(target.getKey()).multiply(new BigDecimal("0.000001")));
        assertThat(off).as("%s off target", target.getKey()).isLessThanOrEqualTo(allowed);
      }
    }
  }

  @Property(tries = 400)
  void replanningTheResultPlansNothing(@ForAll("cases") Case c) {
    RebalancePlanner planner = new RebalancePlanner(c.settings());
    AccountSnapshot after = apply(c.account(), planner.plan(c.targets(), c.account(), null));
    RebalancePlan again = planner.plan(c.targets(), after, null);
    List<PlannedTrade> trades = new ArrayList<>(again.sells());
    trades.addAll(again.buys());
    assertThat(trades).isEmpty();
  }

  @Property(tries = 200)
  void wholeSharesNeverOverspend(@ForAll("cases") Case c) {
    PlannerSettings whole = new PlannerSettings(c.settings().cashReserve(), c.settings().minTradeValue(), false,
        c.settings().driftThreshold(), null);
    RebalancePlan plan = new RebalancePlanner(whole).plan(c.targets(), c.account(), null);
    AccountSnapshot after = apply(c.account(), plan);
    // Whole shares, except selling out of a position entirely (which may hold a fraction).
    assertThat(plan.trades()).filteredOn(t -> t.quantity().compareTo(t.currentQuantity()) != 0 || t.action() != TradeAction.SELL)
        .allSatisfy(t -> assertThat(t.quantity().stripTrailingZeros().scale()).isLessThanOrEqualTo(0));
    if (!plan.buys().isEmpty()) {
      assertThat(after.cash()).isGreaterThanOrEqualTo(c.settings().cashReserve());
    }
  }
}
