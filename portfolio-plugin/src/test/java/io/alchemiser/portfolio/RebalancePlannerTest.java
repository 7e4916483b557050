package io.alchemiser.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.TradeAction;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {
  private static final PlannerSettings DEFAULTS = new PlannerSettings(BigDecimal.ZERO, BigDecimal.TEN, true, BigDecimal.ZERO, null);

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  @Test
  void fromCashBuysEachTargetWithinTheCash() {
    AccountSnapshot account = new AccountSnapshot(d("10000"), d("10000"), Map.of(), Map.of("SPY", d("400"), "TLT", d("90")));
    RebalancePlan plan = new RebalancePlanner(DEFAULTS).plan(Map.of("SPY", d("0.6"), "TLT", d("0.4")), account, null);

    assertThat(plan.buys()).extracting(PlannedTrade::symbol).containsExactly("SPY", "TLT");
    assertThat(plan.buys().get(0).quantity()).isEqualByComparingTo("15");
    assertThat(plan.buys().get(1).quantity()).isEqualByComparingTo("44.444444");
    assertThat(plan.totalBuyValue()).isLessThanOrEqualTo(d("10000"));
    assertThat(plan.sells()).isEmpty();
  }

  @Test
  void symbolsTheBrokerTradesInWholeSharesOnlyArePlannedInWholeShares() {
    AccountSnapshot account = AccountSnapshot.fromJson(new JsonObject().put("cash", "10000").put("equity", "10000")
        .put("positions", new JsonObject()).put("prices", new JsonObject().put("SPY", "400").put("TLT", "90"))
        .put("wholeShares", new io.vertx.core.json.JsonArray().add("TLT")));
    RebalancePlan plan = new RebalancePlanner(DEFAULTS).plan(Map.of("SPY", d("0.6"), "TLT", d("0.4")), account, null);
    assertThat(plan.buys().get(0).quantity()).isEqualByComparingTo("15");
    assertThat(plan.buys().get(1).quantity()).isEqualByComparingTo("44");

    // Selling down a whole-share position: whole shares too (14.4 shares over the target → 14).
    AccountSnapshot held = new AccountSnapshot(d("0"), d("10000"), Map.of("TLT", d("100")), Map.of("TLT", d("100")), java.util.Set.of("TLT"));
    RebalancePlan trim = new RebalancePlanner(DEFAULTS).plan(Map.of("TLT", d("0.856")), held, null);
    assertThat(trim.sells()).singleElement().satisfies(sell -> assertThat(sell.quantity()).isEqualByComparingTo("14"));

    assertThatThrownBy(() -> AccountSnapshot.fromJson(new JsonObject().put("cash", "1").put("equity", "1").put("wholeShares", "TLT")))
        .hasMessageContaining("'wholeShares' is not a list");
    assertThatThrownBy(() -> AccountSnapshot.fromJson(new JsonObject().put("cash", "1").put("equity", "1")
        .put("wholeShares", new io.vertx.core.json.JsonArray().add(7)))).hasMessageContaining("holds '7', not a symbol");
  }

  @Test
  void sellsComeFirstAndPositionsOutsideTheTargetAreSoldCompletely() {
    AccountSnapshot account = new AccountSnapshot(d("0"), d("10000"),
        Map.of("SPY", d("10"), "GLD", d("30")), Map.of("SPY", d("400"), "GLD", d("200"), "TLT", d("100")));
    RebalancePlan plan = new RebalancePlanner(DEFAULTS).plan(Map.of("SPY", d("0.5"), "TLT", d("0.5")), account, null);

    assertThat(plan.trades().get(0).action()).isEqualTo(TradeAction.SELL);
    PlannedTrade gld = plan.trades().stream().filter(t -> t.symbol().equals("GLD")).findFirst().orElseThrow();
    assertThat(gld.action()).isEqualTo(TradeAction.SELL);
    assertThat(gld.quantity()).isEqualByComparingTo("30");
    assertThat(gld.tradeValue()).isEqualByComparingTo("-6000");
    assertThat(plan.buys()).extracting(PlannedTrade::symbol).containsExactly("SPY", "TLT");
    // Cash 0 + GLD proceeds 6000; SPY buys 1000 more: 7000 wanted, 6000 available, both scaled by 6/7.
    assertThat(plan.totalBuyValue()).isLessThanOrEqualTo(d("6000"));
    int lastSell = plan.trades().lastIndexOf(plan.sells().get(plan.sells().size() - 1));
    int firstBuy = plan.trades().indexOf(plan.buys().get(0));
    assertThat(lastSell).isLessThan(firstBuy);
  }

  @Test
  void reserveMinimumTradeAndDriftThresholdAreHonoured() {
    PlannerSettings settings = new PlannerSettings(d("1000"), d("50"), false, d("0.02"), null);
    AccountSnapshot account = new AccountSnapshot(d("1030"), d("10030"), Map.of("SPY", d("20")), Map.of("SPY", d("450")));
    RebalancePlan plan = new RebalancePlanner(settings).plan(Map.of("SPY", d("1")), account, null);
    // Target 9030 vs 9000 held: 30 dollars of drift, under both the minimum trade and 2 % of equity.
    assertThat(plan.trades()).singleElement().satisfies(t -> assertThat(t.action()).isEqualTo(TradeAction.HOLD));
    assertThat(plan.cashReserve()).isEqualByComparingTo("1000");

    AccountSnapshot richer = new AccountSnapshot(d("5000"), d("14000"), Map.of("SPY", d("20")), Map.of("SPY", d("450")));
    RebalancePlan whole = new RebalancePlanner(settings).plan(Map.of("SPY", d("1")), richer, null);
    // 13000 target − 9000 held = 4000 → 8 whole shares (3600), keeping the 1000 reserve.
    assertThat(whole.buys()).singleElement().satisfies(t -> assertThat(t.quantity()).isEqualByComparingTo("8"));
  }

  @Test
  void aSymbolWithoutAPriceOrAnEmptyAccountIsAClearError() {
    AccountSnapshot noPrice = new AccountSnapshot(d("100"), d("100"), Map.of(), Map.of());
    assertThatThrownBy(() -> new RebalancePlanner(DEFAULTS).plan(Map.of("SPY", BigDecimal.ONE), noPrice, null))
        .isInstanceOf(WorkflowException.class).hasMessageContaining("no price for SPY");
    AccountSnapshot broke = new AccountSnapshot(d("0"), d("0"), Map.of(), Map.of("SPY", d("1")));
    assertThatThrownBy(() -> new RebalancePlanner(DEFAULTS).plan(Map.of("SPY", BigDecimal.ONE), broke, null))
        .hasMessageContaining("equity");
  }

  @Test
  void aBrokerAnswerThatIsNotAnAccountIsRefused() {
    assertThatThrownBy(() -> AccountSnapshot.fromJson(new JsonObject().put("cash", "1")))
        .hasMessageContaining("'equity' is missing");
    assertThatThrownBy(() -> AccountSnapshot.fromJson(new JsonObject().put("cash", "x").put("equity", "1")))
        .hasMessageContaining("'cash' is not a number");
    assertThatThrownBy(() -> AccountSnapshot.fromJson(new JsonObject().put("cash", "1").put("equity", "1")
        .put("positions", new JsonObject().put("SPY", "-3")))).hasMessageContaining("short");
  }

  @Test
  void theTurnoverLimitRefusesAPlanTradingMoreOfTheAccountAndTakesOneTradingExactlyThat() {
    PlannerSettings settings = PlannerSettings.from(io.alchemiser.shared.config.ConfigReader.root(
        new JsonObject().put("maxTurnover", "1.5")));
    RebalancePlan atTheLimit = new RebalancePlan(d("1000"), d("0"), d("0"), d("750"), d("750"), java.util.List.of(), null);
    assertThat(settings.withinTurnover(atTheLimit)).isSameAs(atTheLimit);
    RebalancePlan justOver = new RebalancePlan(d("1000"), d("0"), d("0"), d("750"), d("750.01"), java.util.List.of(), null);
    assertThatThrownBy(() -> settings.withinTurnover(justOver)).hasMessageContaining(", 1.5001 of the account's equity");
    RebalancePlan over = new RebalancePlan(d("1000"), d("0"), d("0"), d("750"), d("800"), java.util.List.of(), null);
    assertThatThrownBy(() -> settings.withinTurnover(over)).isInstanceOf(WorkflowException.class)
        .hasMessage("the plan would trade $1550.00 (sells $750.00, buys $800.00), 1.55 of the account's equity $1000.00, over "
            + "portfolio.maxTurnover 1.5: no order was placed (a dry run shows the plan)");
    assertThat(DEFAULTS.withinTurnover(over)).isSameAs(over);
    assertThatThrownBy(() -> PlannerSettings.from(io.alchemiser.shared.config.ConfigReader.root(new JsonObject().put("maxTurnover", 0))))
        .isInstanceOf(io.alchemiser.shared.config.ConfigException.class).hasMessageContaining("maxTurnover").hasMessageContaining("above 0");
  }
}
