package io.alchemiser.strategy.symphony;

/**
 * The parameters of one indicator call: {@code n} for the one-window indicators; for the
 * percentage price oscillator, {@code n} is the short window, {@code longN} the long one and
 * {@code smooth} the signal line's window (0 where they do not apply).
 */
record Window(int n, int longN, int smooth) {
  static Window of(int n) {
    return new Window(n, 0, 0);
  }

  /** As the DSL writes it in a label: {@code 10}, {@code 12,26} or {@code 12,26,9}. */
  String text() {
    return n + (longN > 0 ? "," + longN : "") + (smooth > 0 ? "," + smooth : "");
  }
}
