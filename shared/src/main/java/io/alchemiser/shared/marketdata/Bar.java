package io.alchemiser.shared.marketdata;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One daily bar. Prices are exact decimals; indicator math converts closes to double itself. */
public record Bar(LocalDate date, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, long volume) {
}
