package io.alchemiser.shared.trading;

import java.math.BigDecimal;
import java.util.List;

/**
 * The portfolio module's plan: one line per symbol held or targeted, sells listed before buys.
 * {@code holdReason}, when set, says why every line holds: no strategy's rebalance period began.
 */
public record RebalancePlan(
    BigDecimal equity,
    BigDecimal cash,
    BigDecimal cashReserve,
    BigDecimal totalSellValue,
    BigDecimal totalBuyValue,
    List<PlannedTrade> trades,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String holdReason) {

  public RebalancePlan {
    Validation.require(equity, "plan.equity");
    Validation.require(cash, "plan.cash");
    Validation.nonNegative(cashReserve, "plan.cashReserve");
    Validation.nonNegative(totalSellValue, "plan.totalSellValue");
    Validation.nonNegative(totalBuyValue, "plan.totalBuyValue");
    trades = List.copyOf(Validation.require(trades, "plan.trades"));
  }

  /** A plan that trades (or holds under the thresholds) as the targets ask. */
  public RebalancePlan(BigDecimal equity, BigDecimal cash, BigDecimal cashReserve, BigDecimal totalSellValue, BigDecimal totalBuyValue,
                       List<PlannedTrade> trades) {
    this(equity, cash, cashReserve, totalSellValue, totalBuyValue, trades, null);
  }

  /**
   * As strict as every other record but for {@code holdReason}, which a plan that trades leaves
   * out: its JSON, and so the wire and the journal, are what they were before frequencies.
   */
  @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
  static RebalancePlan fromJson(java.util.Map<String, Object> fields) {
    for (String required : List.of("equity", "cash", "cashReserve", "totalSellValue", "totalBuyValue", "trades")) {
      if (!fields.containsKey(required)) {
        throw new IllegalArgumentException("plan." + required + " is missing");
      }
    }
    com.fasterxml.jackson.databind.ObjectMapper mapper = io.alchemiser.shared.json.Json.MAPPER;
    List<PlannedTrade> trades = mapper.convertValue(fields.get("trades"), new com.fasterxml.jackson.core.type.TypeReference<List<PlannedTrade>>() { });
    Object reason = fields.get("holdReason");
    if (reason != null && !(reason instanceof String)) {
      throw new IllegalArgumentException("plan.holdReason must be a string, was " + reason);
    }
    return new RebalancePlan(mapper.convertValue(fields.get("equity"), BigDecimal.class), mapper.convertValue(fields.get("cash"), BigDecimal.class),
        mapper.convertValue(fields.get("cashReserve"), BigDecimal.class), mapper.convertValue(fields.get("totalSellValue"), BigDecimal.class),
        mapper.convertValue(fields.get("totalBuyValue"), BigDecimal.class), trades, (String) reason);
  }

  public List<PlannedTrade> sells() {
    return trades.stream().filter(t -> t.action() == TradeAction.SELL).toList();
  }

  public List<PlannedTrade> buys() {
    return trades.stream().filter(t -> t.action() == TradeAction.BUY).toList();
  }
}
