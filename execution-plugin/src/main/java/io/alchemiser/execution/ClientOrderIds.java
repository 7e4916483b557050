package io.alchemiser.execution;

import io.alchemiser.shared.trading.OrderSide;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic client order ids (at most 48 characters, Alpaca's limit) from correlation id,
 * symbol and side, so that a retried or replayed workflow finds its orders instead of placing new ones.
 */
final class ClientOrderIds {
  static final int MAX_LENGTH = 48;

  private ClientOrderIds() {
  }

  static String of(String correlationId, String symbol, OrderSide side) {
    return of(correlationId, symbol, side, 1);
  }

  /**
   * The {@code sequence}-th order of a workflow for one symbol and side: the first has no number,
   * later ones (placed when a retry finds an earlier order already done) end in -2, -3, ...
   */
  static String of(String correlationId, String symbol, OrderSide side, int sequence) {
    String suffix = "-" + symbol + "-" + (side == OrderSide.BUY ? "b" : "s") + (sequence > 1 ? "-" + sequence : "");
    String id = correlationId + suffix;
    if (id.length() <= MAX_LENGTH) {
      return id;
    }
    return "h" + hashOf(correlationId) + suffix;
  }

  /** The last id hashed on this thread: one workflow asks for the ids of all its orders in a row. */
  private static final ThreadLocal<String[]> LAST = ThreadLocal.withInitial(() -> new String[2]);

  private static String hashOf(String correlationId) {
    String[] last = LAST.get();
    if (!correlationId.equals(last[0])) {
      last[1] = sha256(correlationId).substring(0, 24);
      last[0] = correlationId;
    }
    return last[1];
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
