package io.alchemiser.shared.trading;

import java.math.BigDecimal;

/** Checks used by the event records' constructors, so a decoded event is always complete. */
public final class Validation {
  private Validation() {
  }

  public static <T> T require(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    if (value instanceof String s && s.isBlank()) {
      throw new IllegalArgumentException("empty field '" + field + "'");
    }
    return value;
  }

  public static BigDecimal nonNegative(BigDecimal value, String field) {
    require(value, field);
    if (value.signum() < 0) {
      throw new IllegalArgumentException("field '" + field + "' must not be negative, was " + value.toPlainString());
    }
    return value;
  }
}
