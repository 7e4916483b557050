package io.alchemiser.orchestrator.cli.common;

import io.alchemiser.orchestrator.backtest.BacktestException;

/** Exit statuses of the command line (the BSD sysexits values where one fits). */
public final class ExitCodes {
  public static final int COMPLETED = 0;
  public static final int FAILED = 1;
  public static final int TIMEOUT = 2;
  public static final int USAGE = 64;
  public static final int DATA_ERROR = 65;
  public static final int NO_INPUT = 66;
  /** A service the command needs cannot be reached (no cluster member). */
  public static final int UNAVAILABLE = 69;
  public static final int SOFTWARE = 70;
  /** A file the command would write exists already or cannot be written. */
  public static final int CANNOT_CREATE = 73;
  /** A file the command needs is damaged (the journal: 'alchemiser journal recover'). */
  public static final int IO_ERROR = 74;
  /** The service refused who we are (an API token missing or wrong). */
  public static final int NO_PERMISSION = 77;
  public static final int CONFIG = 78;

  private ExitCodes() {
  }

  /**
   * A request the command made to a module that failed: a strategy file or market data problem keeps
   * its status; a request the module refused was built by us, so it is ours, like the rest.
   */
  public static int of(io.alchemiser.shared.bus.RequestFailure failure) {
    return switch (failure) {
      case BAD_REQUEST -> SOFTWARE;
      case STRATEGY_FILE -> NO_INPUT;
      case MARKET_DATA -> DATA_ERROR;
      case INTERNAL -> SOFTWARE;
    };
  }

  /** A backtest that did not run or finish. */
  public static int of(BacktestException.Kind kind) {
    return switch (kind) {
      case BAD_REQUEST -> USAGE;
      case STRATEGY_FILE -> NO_INPUT;
      case DATA -> DATA_ERROR;
      case DAY_FAILED -> FAILED;
      case INTERNAL -> SOFTWARE;
    };
  }

  /**
   * The one mapping from what went wrong to an exit status, for every command: a command lets these
   * propagate and the command line ({@code Main}) prints the message (never a stack trace) and exits with this.
   */
  public static int forException(Throwable e) {
    if (e instanceof io.alchemiser.shared.config.ConfigException) {
      return CONFIG;
    }
    if (e instanceof io.alchemiser.orchestrator.journal.Journal.DamagedException) {
      return IO_ERROR;
    }
    if (e instanceof io.alchemiser.orchestrator.app.ClusterMembership.NoMembersException) {
      return UNAVAILABLE;
    }
    if (e instanceof io.alchemiser.orchestrator.backtest.BacktestException backtest) {
      return of(backtest.kind());
    }
    if (e instanceof io.vertx.core.eventbus.ReplyException) {
      return of(io.alchemiser.shared.bus.RequestFailure.of(e));
    }
    return SOFTWARE;
  }
}
