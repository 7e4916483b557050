package io.alchemiser.shared.marketdata;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowException;

/** Market data that is missing or unusable; the message names the symbol, file or line. */
public final class MarketDataException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  public MarketDataException(String message) {
    super(ErrorCodes.MARKET_DATA_ERROR, message);
  }

  /**
   * Without a stack: the message says all a user needs, and a synthetic series probes every early
   * day that lacks data, so on a tree a thousand levels deep the stacks cost more than the work.
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
