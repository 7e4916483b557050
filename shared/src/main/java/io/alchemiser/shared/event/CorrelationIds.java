package io.alchemiser.shared.event;

import java.util.UUID;

/**
 * Correlation ids are 1–64 characters of letters, digits, '.', '_', ':' and '-', so that they are
 * safe in paths, logs, headers and broker order ids. Every entry point checks them here.
 */
public final class CorrelationIds {
  private static final int MAX_LENGTH = 64;

  private CorrelationIds() {
  }

  /** {@code [A-Za-z0-9._:-]{1,64}}, checked by hand: it runs on every message, where a regex match was a profiled cost. */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The id itself, or an {@link IllegalArgumentException} whose message says what is allowed. */
  public static String validate(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(validateMessage(id));
    }
    return id;
  }

  public static String validateMessage(String id) {
    return "invalid correlation id '" + io.alchemiser.shared.logging.UntrustedText.abbreviate(id, 80) + "': use 1-64 characters of letters, digits, '.', '_', ':' and '-'";
  }

  public static String generate() {
    return "wf-" + UUID.randomUUID();
  }
}
