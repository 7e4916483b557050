package io.alchemiser.orchestrator;

/** A backtest that cannot run or did not finish; {@code exitCode} is the command's exit status for it. */
final class BacktestException extends RuntimeException {
  private final int exitCode;

  BacktestException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
