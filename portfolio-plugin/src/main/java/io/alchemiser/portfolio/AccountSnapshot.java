package io.alchemiser.portfolio;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The account as the broker reported it over the bus: cash, equity, per symbol the quantity held and
 * the current price, and the symbols the broker trades in whole shares only. Validated, because it
 * comes from another process.
 */
record AccountSnapshot(BigDecimal cash, BigDecimal equity, Map<String, BigDecimal> quantities, Map<String, BigDecimal> prices,
                       Set<String> wholeShares) {

  AccountSnapshot(BigDecimal cash, BigDecimal equity, Map<String, BigDecimal> quantities, Map<String, BigDecimal> prices) {
    this(cash, equity, quantities, prices, Set.of());
  }

  static AccountSnapshot fromJson(JsonObject json) {
    BigDecimal cash = decimal(json, "cash");
    BigDecimal equity = decimal(json, "equity");
    Map<String, BigDecimal> quantities = new TreeMap<>();
    JsonObject positions = json.getJsonObject("positions", new JsonObject());
    for (String symbol : positions.fieldNames()) {
      BigDecimal quantity = decimal(positions, symbol);
      if (quantity.signum() < 0) {
        throw invalid("position " + symbol + " is short (" + quantity.toPlainString() + "); short positions are not supported");
      }
      quantities.put(symbol, quantity);
    }
    Map<String, BigDecimal> prices = new TreeMap<>();
    JsonObject priceJson = json.getJsonObject("prices", new JsonObject());
    for (String symbol : priceJson.fieldNames()) {
      BigDecimal price = decimal(priceJson, symbol);
      if (price.signum() <= 0) {
        throw invalid("price of " + symbol + " must be positive, was " + price.toPlainString());
      }
      prices.put(symbol, price);
    }
    Set<String> wholeShares = new TreeSet<>();
    Object whole = json.getValue("wholeShares");
    if (whole != null && !(whole instanceof JsonArray)) {
      throw invalid("field 'wholeShares' is not a list of symbols");
    }
    for (Object symbol : whole == null ? new JsonArray() : (JsonArray) whole) {
      if (!(symbol instanceof String text) || !text.matches("[A-Za-z0-9./\\-]{1,20}")) {
        throw invalid("field 'wholeShares' holds '" + symbol + "', not a symbol");
      }
      wholeShares.add(text);
    }
    return new AccountSnapshot(cash, equity, quantities, prices, wholeShares);
  }

  /**
   * Cash, equity and each position held with its price and market value (2 decimals), symbols in
   * order; amounts as exact decimal text, which a JSON number on the bus between nodes would not keep.
   */
  JsonObject toView() {
    JsonArray positions = new JsonArray();
    quantities.forEach((symbol, quantity) -> {
      if (quantity.signum() == 0) {
        return;
      }
      BigDecimal price = prices.get(symbol);
      positions.add(new JsonObject().put("symbol", symbol).put("quantity", quantity.toPlainString())
          .put("price", price == null ? null : price.toPlainString())
          .put("marketValue", price == null ? null : quantity.multiply(price).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString()));
    });
    return new JsonObject().put("cash", cash.toPlainString()).put("equity", equity.toPlainString()).put("positions", positions);
  }

  private static BigDecimal decimal(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw invalid("field '" + field + "' is missing");
    }
    try {
      return new BigDecimal(value.toString());
    } catch (NumberFormatException e) {
      throw invalid("field '" + field + "' is not a number: '" + value + "'");
    }
  }

  private static WorkflowException invalid(String problem) {
    return new WorkflowException(ErrorCodes.BROKER_ERROR, "the broker's account snapshot is invalid: " + problem);
  }
}
