package io.alchemiser.shared.bus;

import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.json.Json;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * How events (and other immutable records, such as the workflow records the orchestrator answers
 * with: {@link #registerRecord}) travel on the Vert.x event bus. Between nodes, their JSON (the receiver gets those bytes and decodes them strictly, with
 * clear errors, like any other body). Within a node, the record itself: records are immutable, so a
 * consumer may share the sender's instance, and an event costs no JSON at all on its way between
 * the modules of one JVM.
 */
public final class EventMessageCodec<E> implements MessageCodec<E, Object> {
  private final String name;
  /**
   * The record last encoded and its JSON. Vert.x encodes a message once for each node it goes to, and
   * an event is written twice in a row (published to the observers, then handed to the module that
   * acts on it): the second write, and every further node of a publish, reuse the first's JSON. Records are
   * immutable, so the same instance always has the same JSON; a write on another thread in between
   * only costs an encoding.
   */
  private volatile Encoded last;

  private record Encoded(Object record, byte[] json) {
  }

  private EventMessageCodec(String name) {
    this.name = "alchemiser-" + name;
  }

  private EventMessageCodec(EventType type) {
    this(type.wireName());
  }

  /**
   * Makes this codec the default for every event type on this Vert.x instance (once; every node
   * does it at start, so that each can read what the others send).
   */
  public static void register(Vertx vertx) {
    synchronized (vertx) {
      EventType[] types = EventType.values();
      try {
        registerDefault(vertx, types[0].recordClass(), types[0]);
      } catch (IllegalStateException alreadyRegistered) {
        return;
      }
      for (int i = 1; i < types.length; i++) {
        registerDefault(vertx, types[i].recordClass(), types[i]);
      }
    }
  }

  /**
   * The same for another immutable record that travels as JSON ({@code name} must be the same on
   * every node); registering it twice is harmless.
   */
  public static <T> void registerRecord(Vertx vertx, Class<T> type, String name) {
    synchronized (vertx) {
      try {
        vertx.eventBus().registerDefaultCodec(type, new EventMessageCodec<T>(name));
      } catch (IllegalStateException alreadyRegistered) {
        // Registered by another module of this node.
      }
    }
  }

  /** The codec of one event type (for tests of the wire format). */
  static EventMessageCodec<WorkflowEvent> of(EventType type) {
    return new EventMessageCodec<>(type);
  }

  @SuppressWarnings("unchecked")
  private static <T> void registerDefault(Vertx vertx, Class<?> type, EventType eventType) {
    vertx.eventBus().registerDefaultCodec((Class<T>) type, new EventMessageCodec<T>(eventType));
  }

  @Override
  public void encodeToWire(Buffer buffer, E event) {
    Encoded encoded = last;
    if (encoded == null || encoded.record() != event) {
      encoded = new Encoded(event, Json.toBytes(event));
      last = encoded;
    }
    buffer.appendInt(encoded.json().length).appendBytes(encoded.json());
  }

  /** The JSON as it came: {@link EventCodec#decode} checks it as strictly as any other body. */
  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return buffer.getBuffer(pos + 4, pos + 4 + length);
  }

  @Override
  public Object transform(E event) {
    return event;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
