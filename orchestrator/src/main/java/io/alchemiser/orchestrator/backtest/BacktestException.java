package io.alchemiser.orchestrator.backtest;

/**
 * A backtest that cannot run or did not finish, and what kind of failure it is; the CLI maps the
 * kind to an exit status, the web module to an HTTP status.
 */
public final class BacktestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a backtest did not run or finish. */
  public enum Kind {
    /** The request is wrong (a bad option or field). */
    BAD_REQUEST,
    /** A strategy file does not parse or compile. */
    STRATEGY_FILE,
    /** The date range or the data cannot carry the backtest (no overlap, unknown ticker, too little history). */
    DATA,
    /** A simulated day's workflow failed. */
    DAY_FAILED,
    /** Ours: a module did not answer, or answered what we cannot read. */
    INTERNAL
  }

  private final Kind kind;

  BacktestException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
