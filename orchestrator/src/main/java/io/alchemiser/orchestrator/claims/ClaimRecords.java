package io.alchemiser.orchestrator.claims;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Claims and releases as the bytes the holder of the start lease sends to every node's
 * {@link ClaimReplica}: per record a kind, the epoch ms until which the id is refused, and the id
 * (UTF-8, its length first). Bytes, not JSON: a claims write carries tens of ids, hundreds of times a
 * second, to every node. Bytes that arrive are checked whole before any of them is used.
 */
final class ClaimRecords {
  private static final byte CLAIM = 0;
  private static final byte RELEASE = 1;
  /** An id's length goes in one byte; correlation ids are at most 64 printable ASCII characters (CorrelationIds). */
  private static final int MAX_ID_BYTES = 255;

  /**
   * One claim: an id, refused to others until {@code until} (epoch ms); or, {@code released}, the end
   * of the claims of it made before.
   */
  record Claim(String id, long until, boolean released) {
    Claim(String id, long until) {
      this(id, until, false);
    }
  }

  /** Claims nothing: a write with only this in it sends nodes not in step everything, and the others nothing new. */
  static final Claim NOTHING = new Claim("", 0);

  private ClaimRecords() {
  }

  static Buffer encode(List<Claim> claims) {
    Buffer bytes = Buffer.buffer(claims.size() * 48);
    for (Claim claim : claims) {
      if (claim != NOTHING) {
        append(bytes, claim.id(), claim.until(), claim.released());
      }
    }
    return bytes;
  }

  /** Every claim still to be refused at {@code now}, as the holder's successor must know them. */
  static Buffer encode(Map<String, Long> claims, long now) {
    Buffer bytes = Buffer.buffer(claims.size() * 48 + 16);
    claims.forEach((id, until) -> {
      if (until > now) {
        append(bytes, id, until, false);
      }
    });
    return bytes;
  }

  private static void append(Buffer bytes, String id, long until, boolean released) {
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == 0 || utf8.length > MAX_ID_BYTES) {
      throw new IllegalArgumentException("a claimed id must have 1 to " + MAX_ID_BYTES + " bytes, not " + utf8.length);
    }
    bytes.appendByte(released ? RELEASE : CLAIM).appendLong(until).appendUnsignedByte((short) utf8.length).appendBytes(utf8);
  }

  /**
   * The latest {@code until} of each id claimed and not released after, applying the records in order.
   * Throws IllegalArgumentException, naming the byte, where the bytes are not records (none applied then).
   */
  static Map<String, Long> replay(Buffer bytes) {
    checked(bytes);
    Map<String, Long> claims = new HashMap<>();
    for (int at = 0; at < bytes.length(); at += 10 + bytes.getUnsignedByte(at + 9)) {
      int idLength = bytes.getUnsignedByte(at + 9);
      String id = bytes.getString(at + 10, at + 10 + idLength, "UTF-8");
      if (bytes.getByte(at) == RELEASE) {
        claims.remove(id);
      } else {
        claims.merge(id, bytes.getLong(at + 1), Math::max);
      }
    }
    return claims;
  }

  /**
   * The latest {@code until} of the records; throws IllegalArgumentException, naming the byte, where
   * the bytes are not records.
   */
  static long checked(Buffer bytes) {
    long latest = 0;
    int at = 0;
    int length = bytes.length();
    while (at < length) {
      if (length - at < 10) {
        throw new IllegalArgumentException("claims cut short at byte " + at + " of " + length);
      }
      byte kind = bytes.getByte(at);
      int idLength = bytes.getUnsignedByte(at + 9);
      if (kind != CLAIM && kind != RELEASE || idLength == 0 || at + 10 + idLength > length) {
        throw new IllegalArgumentException("no claim at byte " + at + " of " + length);
      }
      latest = Math.max(latest, bytes.getLong(at + 1));
      at += 10 + idLength;
    }
    return latest;
  }
}
