package io.alchemiser.shared.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte strings kept in large chunks, each made once and reused when all it holds is released: a
 * memory of many small encoded values that the garbage collector sees as a few large arrays, which a
 * young collection does not copy once they are old (G1 allocates an array of half a region or more
 * straight into the old generation: a chunk of a megabyte on heaps under 8 GB). An entry is addressed
 * by the handle {@link #add} returns; one longer than a quarter of a chunk gets an array of its own.
 * Memory held is what the live entries need, plus at most the unused tail of the chunks that hold
 * them: entries released oldest first (a ring of records) empty their chunks in order. Not
 * thread-safe.
 */
public final class ByteSlab {
  /** Each entry is its length, then its bytes. */
  private static final int LENGTH_PREFIX = 4;

  private final int chunkSize;
  private final List<byte[]> chunks = new ArrayList<>();
  private int[] live = new int[8];
  /** Chunks of chunkSize that hold nothing, ready for reuse. */
  private final ArrayDeque<Integer> empty = new ArrayDeque<>();
  /** Chunk numbers whose array was let go (an entry's own array, released). */
  private final ArrayDeque<Integer> vacant = new ArrayDeque<>();
  private int head = -1;
  private int position;

  public ByteSlab(int chunkSize) {
    if (chunkSize < 64) {
      throw new IllegalArgumentException("chunkSize must be at least 64");
    }
    this.chunkSize = chunkSize;
  }

  /** Keeps a copy of {@code bytes}; returns its handle. */
  public long add(byte[] bytes) {
    int need = LENGTH_PREFIX + bytes.length;
    int chunk;
    int at;
    if (need > chunkSize / 4) {
      chunk = newChunk(need);
      at = 0;
    } else {
      if (head < 0 || position + need > chunkSize) {
        head = empty.isEmpty() ? newChunk(chunkSize) : empty.pop();
        position = 0;
      }
      chunk = head;
      at = position;
      position += need;
    }
    byte[] target = chunks.get(chunk);
    target[at] = (byte) (bytes.length >>> 24);
    target[at + 1] = (byte) (bytes.length >>> 16);
    target[at + 2] = (byte) (bytes.length >>> 8);
    target[at + 3] = (byte) bytes.length;
    System.arraycopy(bytes, 0, target, at + LENGTH_PREFIX, bytes.length);
    live[chunk]++;
    return ((long) chunk << 32) | at;
  }

  /** A copy of the entry of {@code handle}. */
  public byte[] get(long handle) {
    byte[] chunk = chunks.get((int) (handle >>> 32));
    int at = (int) handle;
    int length = ((chunk[at] & 0xFF) << 24) | ((chunk[at + 1] & 0xFF) << 16) | ((chunk[at + 2] & 0xFF) << 8) | (chunk[at + 3] & 0xFF);
    return Arrays.copyOfRange(chunk, at + LENGTH_PREFIX, at + LENGTH_PREFIX + length);
  }

  /** Lets the entry of {@code handle} go; its chunk is reused once it holds nothing else. */
  public void release(long handle) {
    int chunk = (int) (handle >>> 32);
    if (--live[chunk] > 0) {
      return;
    }
    if (chunks.get(chunk).length != chunkSize) {
      chunks.set(chunk, null);
      vacant.push(chunk);
    } else if (chunk == head) {
      position = 0;
    } else {
      empty.push(chunk);
    }
  }

  /** Bytes in the arrays this slab holds. */
  public long bytesHeld() {
    long held = 0;
    for (byte[] chunk : chunks) {
      held += chunk == null ? 0 : chunk.length;
    }
    return held;
  }

  private int newChunk(int size) {
    byte[] array = new byte[size];
    if (!vacant.isEmpty()) {
      int chunk = vacant.pop();
      chunks.set(chunk, array);
      return chunk;
    }
    chunks.add(array);
    if (chunks.size() > live.length) {
      live = Arrays.copyOf(live, live.length * 2);
    }
    return chunks.size() - 1;
  }
}
