package io.alchemiser.shared.event;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New event ids: unique without a random number per event. {@code UUID.randomUUID()} draws from one
 * shared SecureRandom under a lock, on every event of every module; here the first half of the id
 * is drawn once per process and the second half counts, so ids of one process never repeat and two
 * processes share a prefix with odds of 2^-64. Written as a UUID, as event ids always were.
 */
final class EventIds {
  private static final long PROCESS = new SecureRandom().nextLong();
  private static final AtomicLong COUNT = new AtomicLong(new SecureRandom().nextLong());

  private EventIds() {
  }

  static String next() {
    return new UUID(PROCESS, COUNT.incrementAndGet()).toString();
  }
}
