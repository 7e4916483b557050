package io.alchemiser.shared.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * What a module's answer to a request on the bus can say went wrong, as the failure code of the
 * reply. Callers map these kinds to their own terms: the CLI to exit statuses, the web module to
 * HTTP statuses; no module answers in either's terms.
 */
public enum RequestFailure {
  /** The request itself is wrong (a missing field, a bad date). */
  BAD_REQUEST(400),
  /** A strategy file does not parse or compile; the message names file, line and column. */
  STRATEGY_FILE(422),
  /** Market data is missing, stale or unreadable. */
  MARKET_DATA(424),
  /** Nobody answered, or the module failed in a way the caller cannot help. */
  INTERNAL(500);

  private final int code;

  RequestFailure(int code) {
    this.code = code;
  }

  /** The failure code for {@code message.fail(code, text)}. */
  public int code() {
    return code;
  }

  /** The kind of a failed request's error: a reply's failure code, or {@link #INTERNAL} for anything else (no answer, say). */
  public static RequestFailure of(Throwable err) {
    if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      for (RequestFailure kind : values()) {
        if (kind.code == reply.failureCode()) {
          return kind;
        }
      }
    }
    return INTERNAL;
  }
}
