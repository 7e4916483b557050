package io.alchemiser.shared.memory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** What {@link RecordBytes} reads from: the counterpart of {@link ByteOut}. */
final class ByteIn {
  private final byte[] bytes;
  private int at;

  ByteIn(byte[] bytes) {
    this.bytes = bytes;
  }

  int get() {
    return bytes[at++];
  }

  long varLong() {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int b = bytes[at++];
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    return (v >>> 1) ^ -(v & 1);
  }

  String string() {
    int length = (int) varLong();
    String s = new String(bytes, at, length, StandardCharsets.UTF_8);
    at += length;
    return s;
  }

  Object decimal() {
    int scale = (int) varLong();
    if (get() == 0) {
      return BigDecimal.valueOf(varLong(), scale);
    }
    int length = (int) varLong();
    byte[] unscaled = Arrays.copyOfRange(bytes, at, at + length);
    at += length;
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  int remaining() {
    return bytes.length - at;
  }
}
