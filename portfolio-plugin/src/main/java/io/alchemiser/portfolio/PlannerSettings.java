package io.alchemiser.portfolio;

import io.alchemiser.shared.config.ConfigReader;
import java.math.BigDecimal;

/**
 * How plans are made: dollars kept in cash, the smallest trade worth making, whole or fractional
 * shares, and the drift (fraction of equity) under which a position is left alone.
 */
record PlannerSettings(BigDecimal cashReserve, BigDecimal minTradeValue, boolean fractionalShares, BigDecimal driftThreshold) {

  static PlannerSettings from(ConfigReader section) {
    return new PlannerSettings(
        section.nonNegativeDecimal("cashReserve", BigDecimal.ZERO),
        section.nonNegativeDecimal("minTradeValue", BigDecimal.ONE),
        section.bool("fractionalShares", true),
        section.nonNegativeDecimal("driftThreshold", BigDecimal.ZERO));
  }
}
