package io.alchemiser.portfolio;

import io.alchemiser.shared.ErrorCodes;
import io.alchemiser.shared.WorkflowException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account as the broker reported it over the bus: cash, equity, and per symbol the quantity
 * held and the current price. Validated, because it comes from another process.
 */
record AccountSnapshot(BigDecimal cash, BigDecimal equity, Map<String, BigDecimal> quantities, Map<String, BigDecimal> prices) {

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
    return new AccountSnapshot(cash, equity, quantities, prices);
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
