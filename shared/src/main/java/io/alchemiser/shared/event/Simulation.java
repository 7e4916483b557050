package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Validation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Marks a workflow as one simulated day of a backtest: the strategies are evaluated on the bars up
 * to {@code date}, and the orders fill on the backtest's scratch account at the day's closes in
 * {@code prices}. The backtest's settings are in the shared map of backtest specs (BacktestSpecs) under {@code backtestId}.
 * Carried on {@code WorkflowStarted}, {@code SignalGenerated} and {@code RebalancePlanned}; null
 * on every live workflow.
 */
public record Simulation(String backtestId, LocalDate date, Map<String, BigDecimal> prices) {
  /** Every simulated day of a backtest has a correlation id starting with this, and no live workflow has. */
  public static final String WORKFLOW_PREFIX = "backtest-";

  /**
   * Whether a workflow is a backtest's simulated day, from its id alone: for what carries no
   * simulation (a record, a failure, a query). An event that has one says so itself.
   */
  public static boolean isSimulatedId(String correlationId) {
    return correlationId != null && correlationId.startsWith(WORKFLOW_PREFIX);
  }

  public Simulation {
    Validation.require(backtestId, "simulation.backtestId");
    Validation.require(date, "simulation.date");
    Validation.require(prices, "simulation.prices");
    prices.forEach((symbol, price) -> {
      if (price == null || price.signum() <= 0) {
        throw new IllegalArgumentException("simulation.prices." + symbol + " must be a positive price");
      }
    });
    prices = java.util.Collections.unmodifiableMap(new TreeMap<>(prices));
  }

  /**
   * As a Vert.x JSON object for a request body, the prices as decimal strings (a JsonObject would
   * turn JSON numbers into doubles); cheaper than the event JSON for a request made every day.
   */
  public io.vertx.core.json.JsonObject toJson() {
    io.vertx.core.json.JsonObject closes = new io.vertx.core.json.JsonObject();
    prices.forEach((symbol, price) -> closes.put(symbol, price.toPlainString()));
    return new io.vertx.core.json.JsonObject().put("backtestId", backtestId).put("date", date.toString()).put("prices", closes);
  }

  /** The simulation in a request body; an IllegalArgumentException names what is wrong. */
  public static Simulation fromJson(Object value) {
    if (!(value instanceof io.vertx.core.json.JsonObject json) || !(json.getValue("prices") instanceof io.vertx.core.json.JsonObject closes)) {
      throw new IllegalArgumentException("simulation must be an object with backtestId, date and prices");
    }
    Map<String, BigDecimal> prices = new TreeMap<>();
    try {
      for (Map.Entry<String, Object> entry : closes) {
        prices.put(entry.getKey(), new BigDecimal(String.valueOf(entry.getValue())));
      }
      return new Simulation(json.getString("backtestId"), LocalDate.parse(String.valueOf(json.getValue("date"))), prices);
    } catch (NumberFormatException | java.time.DateTimeException | ClassCastException e) {
      throw new IllegalArgumentException("simulation: " + e.getMessage());
    }
  }
}
