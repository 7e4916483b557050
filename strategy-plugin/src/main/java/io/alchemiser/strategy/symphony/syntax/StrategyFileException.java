package io.alchemiser.strategy.symphony.syntax;

import io.alchemiser.shared.event.WorkflowException;

/** A symphony file that cannot be read, parsed or compiled; the message names file, line and column. */
public final class StrategyFileException extends WorkflowException {
  private static final long serialVersionUID = 1L;
  static final String CODE = "STRATEGY_FILE_ERROR";

  public StrategyFileException(SExpr.Position at, String message) {
    super(CODE, at + ": " + message);
  }

  public StrategyFileException(String message) {
    super(CODE, message);
  }
}
