package io.alchemiser.shared.memory;

/**
 * A Java record, and the records, lists, maps, strings, decimals and times inside it, as compact
 * bytes and back: for values kept in memory by this process, never for a wire or a file (enums are
 * written by ordinal, nothing is versioned). Made for memories that hold many records for a while:
 * one array instead of dozens of objects is less for the garbage collector to copy, and writing it
 * is several times cheaper than JSON (no text for numbers and times). Every component of every
 * record is written, so a field added to a record is kept without a change here; a component of a
 * type not listed fails when the codec is made. Thread-safe.
 */
public final class RecordBytes<T extends Record> {
  private static final ThreadLocal<ByteOut> BUFFERS = ThreadLocal.withInitial(ByteOut::new);
  private final Class<T> type;
  private final ValueSlot codec;

  private RecordBytes(Class<T> type) {
    this.type = type;
    this.codec = ValueSlot.of(type);
  }

  public static <T extends Record> RecordBytes<T> of(Class<T> type) {
    return new RecordBytes<>(type);
  }

  /** Allocates only the result (each thread writes into a buffer of its own): callers on several threads never wait for one another. */
  public byte[] encode(T value) {
    ByteOut out = BUFFERS.get();
    out.reset();
    codec.write(out, value);
    return out.toArray();
  }

  public T decode(byte[] bytes) {
    ByteIn in = new ByteIn(bytes);
    T value = type.cast(codec.read(in));
    if (in.remaining() != 0) {
      throw new IllegalArgumentException(type.getSimpleName() + " bytes: " + in.remaining() + " left over");
    }
    return value;
  }
}
