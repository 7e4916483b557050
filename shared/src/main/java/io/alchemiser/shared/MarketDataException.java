package io.alchemiser.shared;

/** Market data that is missing or unusable; the message names the symbol, file or line. */
public final class MarketDataException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  public MarketDataException(String message) {
    super(ErrorCodes.MARKET_DATA_ERROR, message);
  }
}
