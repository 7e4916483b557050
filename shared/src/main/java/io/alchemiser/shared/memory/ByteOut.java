package io.alchemiser.shared.memory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** What {@link RecordBytes} writes into: a growing array, numbers as zigzag varints. */
final class ByteOut {
  private static final int INITIAL = 1024;
  /** A buffer grown past this by one large record is not kept for the next. */
  private static final int KEPT = 64 * 1024;
  private byte[] bytes = new byte[INITIAL];
  private int size;

  /** Empty again, for the next record: a thread reuses its buffer instead of making and zeroing one per record. */
  void reset() {
    size = 0;
    if (bytes.length > KEPT) {
      bytes = new byte[INITIAL];
    }
  }

  void put(int b) {
    if (size == bytes.length) {
      bytes = Arrays.copyOf(bytes, size * 2);
    }
    bytes[size++] = (byte) b;
  }

  /** Zigzag, then seven bits a byte. */
  void varLong(long value) {
    long v = (value << 1) ^ (value >> 63);
    while ((v & ~0x7FL) != 0) {
      put((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    put((int) v);
  }

  void bytes(byte[] data) {
    room(data.length);
    System.arraycopy(data, 0, bytes, size, data.length);
    size += data.length;
  }

  /** UTF-8; ids, symbols and stage names are ASCII, written without an intermediate array. */
  void string(String s) {
    int length = s.length();
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varLong(utf8.length);
        bytes(utf8);
        return;
      }
    }
    varLong(length);
    room(length);
    for (int i = 0; i < length; i++) {
      bytes[size++] = (byte) s.charAt(i);
    }
  }

  /** The scale, then the unscaled value as a number when it has at most 18 digits, else as its two's-complement bytes. */
  void decimal(Object value) {
    BigDecimal decimal = (BigDecimal) value;
    varLong(decimal.scale());
    if (decimal.precision() <= 18) {
      put(0);
      // Scale 0 and the same digits: its long value is read without making a BigInteger.
      varLong(decimal.movePointRight(decimal.scale()).longValue());
    } else {
      byte[] unscaled = decimal.unscaledValue().toByteArray();
      put(1);
      varLong(unscaled.length);
      bytes(unscaled);
    }
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
