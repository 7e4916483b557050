package io.alchemiser.shared.alpaca;

import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failed call to Alpaca: the HTTP status (0 when the connection failed) and a message that quotes
 * Alpaca's own. 429, 5xx and connection failures are worth retrying; the rest are not.
 */
public final class AlpacaHttpException extends WorkflowException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public AlpacaHttpException(String errorCode, int status, String message) {
    super(errorCode, message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  @Override
  public boolean retryable() {
    return status == 0 || status == 429 || status >= 500;
  }

  /** Whether {@code err} is a failed Alpaca call worth trying again (429, 5xx, no connection). */
  public static boolean isRetryable(Throwable err) {
    return err instanceof AlpacaHttpException http && http.retryable();
  }

  /** Alpaca's {@code {"code": ..., "message": "..."}}, or the start of whatever came instead. */
  public static String quote(String body) {
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      if (json != null && json.hasNonNull("message")) {
        return json.get("message").asText() + (json.hasNonNull("code") ? " (code " + json.get("code").asText() + ")" : "");
      }
    } catch (java.io.IOException ignored) {
      // not JSON: quote the text
    }
    String text = body.strip().replaceAll("\\s+", " ");
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
