package io.alchemiser.shared.event;

/** Error codes carried by {@link WorkflowFailed}; a bounded set, so they can label metrics. */
public final class ErrorCodes {
  public static final String TIMEOUT = "TIMEOUT";
  public static final String STRATEGY_ERROR = "STRATEGY_ERROR";
  public static final String PLANNING_ERROR = "PLANNING_ERROR";
  public static final String EXECUTION_ERROR = "EXECUTION_ERROR";
  public static final String MARKET_DATA_ERROR = "MARKET_DATA_ERROR";
  public static final String BROKER_ERROR = "BROKER_ERROR";
  public static final String MALFORMED_EVENT = "MALFORMED_EVENT";
  public static final String MODULE_UNAVAILABLE = "MODULE_UNAVAILABLE";
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
  /** The process stopped while the workflow ran, and it could not safely be resumed. */
  public static final String INTERRUPTED = "INTERRUPTED";
  /** A simulated day of a backtest could not be set up (its backtest is unknown or ended). */
  public static final String BACKTEST_ERROR = "BACKTEST_ERROR";
  /** Another workflow held the account until this one's time ran out, or took it while this one's plan was on its way. */
  public static final String ACCOUNT_BUSY = "ACCOUNT_BUSY";
  /** The plan would trade more of the account than the operator's limit allows ({@code portfolio.maxTurnover}): nothing was placed. */
  public static final String RISK_LIMIT = "RISK_LIMIT";
  /** An operator halted trading ({@code POST /api/trading/halt}): no further order of the workflow was placed. */
  public static final String TRADING_HALTED = "TRADING_HALTED";

  private ErrorCodes() {
  }
}
