package io.alchemiser.orchestrator;

/** Exit statuses of the command line (the BSD sysexits values where one fits). */
final class ExitCodes {
  static final int COMPLETED = 0;
  static final int FAILED = 1;
  static final int TIMEOUT = 2;
  static final int USAGE = 64;
  static final int DATA_ERROR = 65;
  static final int NO_INPUT = 66;
  /** A service the command needs cannot be reached (no cluster member). */
  static final int UNAVAILABLE = 69;
  static final int SOFTWARE = 70;
  static final int CONFIG = 78;

  private ExitCodes() {
  }
}
