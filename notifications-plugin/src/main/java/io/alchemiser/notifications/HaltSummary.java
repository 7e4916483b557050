package io.alchemiser.notifications;

import io.alchemiser.shared.halt.TradingHalt;

/** How a halt or a resume of trading reads in an email or a chat message. */
record HaltSummary(TradingHalt state) {

  /** The notice's name, as a workflow notice's is its event type. */
  String event() {
    return state.halted() ? "TradingHalted" : "TradingResumed";
  }

  String subject() {
    return "Alchemiser: " + chatText();
  }

  /** One line, for a chat: "Trading HALTED: vendor outage". */
  String chatText() {
    return state.halted() ? "Trading HALTED" + (state.reason() == null ? "" : ": " + state.reason()) : "Trading resumed";
  }

  String text() {
    String when = state.at() + (state.reason() == null ? "" : ": " + state.reason()) + ".\n"
        + (state.by() == null ? "" : "Changed by: " + state.by() + ".\n");
    if (state.halted()) {
      return "Trading was halted at " + when + "No live order is placed, on any node, until it is resumed ('alchemiser trading resume', "
          + "POST /api/trading/resume, or the monitoring page). Dry runs and backtests go on.\n";
    }
    return "Trading was resumed at " + when + "Live orders are placed again from the next workflow on.\n";
  }
}
