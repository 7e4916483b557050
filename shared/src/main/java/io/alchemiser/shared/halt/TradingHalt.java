package io.alchemiser.shared.halt;

import io.alchemiser.shared.logging.UntrustedText;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Whether an operator has halted trading, why, since when ({@code at}: when it last changed, so
 * that the newest change wins wherever two copies meet), and by whom ({@code by}: where the change
 * came from, such as "API from 10.0.0.7:52114 (curl/8.5.0)"; null in a file written before it was kept).
 */
public record TradingHalt(boolean halted, String reason, Instant at, String by) {
  /** Trading as usual, changed by no one. */
  public static final TradingHalt NONE = new TradingHalt(false, null, Instant.EPOCH, null);
  public static final int MAX_REASON = 200;
  public static final int MAX_BY = 200;

  public TradingHalt {
    by = by == null ? null : UntrustedText.abbreviate(by, MAX_BY);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("halted", halted).put("reason", reason).put("at", at.toString());
    return by == null ? json : json.put("by", by);
  }

  /** Validated: the state comes from a file or from another node. */
  public static TradingHalt fromJson(JsonObject json) {
    if (!(json.getValue("halted") instanceof Boolean halted)) {
      throw new IllegalArgumentException("'halted' must be true or false");
    }
    Object reason = json.getValue("reason");
    if (reason != null && !(reason instanceof String)) {
      throw new IllegalArgumentException("'reason' must be text");
    }
    Object by = json.getValue("by");
    if (by != null && !(by instanceof String)) {
      throw new IllegalArgumentException("'by' must be text");
    }
    try {
      return new TradingHalt(halted, reason == null ? null : UntrustedText.abbreviate((String) reason, MAX_REASON),
          Instant.parse(String.valueOf(json.getValue("at"))), (String) by);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'at' must be an instant such as 2026-12-07T15:00:00Z, was '"
          + UntrustedText.abbreviate(String.valueOf(json.getValue("at")), 40) + "'");
    }
  }

  /** How a refused order explains itself. */
  public String describe() {
    return "trading is halted (since " + at + (reason == null ? "" : ": " + reason) + ")";
  }
}
