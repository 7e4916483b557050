package io.alchemiser.orchestrator.web;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/events}: every event of every workflow, as it happens, as a CloudEvents 1.0 JSON
 * document ({@code subject} = correlation id, extension {@code causationid}). Clients may filter by
 * {@code ?correlationId=} and {@code ?type=A,B}. The simulated days of backtests are sent only to a
 * client that names one by its correlation id. Read-only: a frame from a client gets an error frame
 * back and reaches nothing else. A client that falls {@code maxQueuedBytes} behind is closed with
 * code 4008 so that it never slows the bus. The events are taken off the bus only while a client
 * listens (and for {@code web.webSocket.idleSeconds}, 60, after the last one left): in a cluster, every event published would
 * otherwise cross to the web node and be decoded there for no one, a backtest's thousands a second too.
 */
public final class EventStream {
  public static final short OVERFLOW_CODE = 4008;
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final io.cloudevents.core.format.EventFormat FORMAT =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

  private record Client(ServerWebSocket socket, String correlationId, Set<String> types) {
    boolean wants(WorkflowEvent event) {
      // A backtest's simulated days (thousands a second) only to a client that asks for one by its id.
      return (correlationId == null ? !event.metadata().simulated()
          : correlationId.equals(event.correlationId()))
          && (types == null || types.contains(event.metadata().eventType()));
    }
  }

  private final Vertx vertx;
  private final AlchemiserMetrics metrics;
  private final int maxQueuedBytes;
  private final long idleMs;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private io.alchemiser.shared.bus.EventSubscription consumer;
  private long idleTimer = -1;
  private boolean stopped;

  EventStream(Vertx vertx, AlchemiserMetrics metrics, int maxQueuedBytes, long idleMs) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.maxQueuedBytes = maxQueuedBytes;
    this.idleMs = idleMs;
  }

  void start() {
    metrics.webSocketClients(clients::size);
  }

  Future<Void> stop() {
    stopped = true;
    clients.forEach(c -> c.socket().close((short) 1001, "server shutting down"));
    return unsubscribe();
  }

  /**
   * Done once the events are taken off the bus (in a cluster: once the other nodes know it), so that
   * a client accepted after it misses no event of a workflow it starts next. Call on the web's event loop.
   */
  Future<Void> subscribed() {
    if (stopped) {
      return Future.failedFuture("the web module is stopping");
    }
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
    if (consumer == null) {
      consumer = EventInbox.observe(vertx, "web", metrics, this::broadcast, rejected -> {
      });
    }
    return consumer.completion();
  }

  private Future<Void> unsubscribe() {
    io.alchemiser.shared.bus.EventSubscription old = consumer;
    consumer = null;
    return old == null ? Future.succeededFuture() : old.unregister();
  }

  private void left(Client client) {
    clients.remove(client);
    releaseIfIdle();
  }

  /** With no client left (the last one gone, or a handshake that came to nothing), the events are let go after idleMs. */
  void releaseIfIdle() {
    if (clients.isEmpty() && consumer != null && idleTimer < 0 && !stopped) {
      idleTimer = vertx.setTimer(idleMs, id -> {
        idleTimer = -1;
        if (clients.isEmpty()) {
          unsubscribe();
        }
      });
    }
  }

  /** Validates the filters; returns an error text, or null and takes the socket. */
  String accept(ServerWebSocket socket, String correlationId, String typeList) {
    Set<String> types = null;
    if (typeList != null && !typeList.isBlank()) {
      types = Arrays.stream(typeList.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
      for (String type : types) {
        if (EventType.fromWireName(type).isEmpty()) {
          return "unknown event type '" + type + "' in ?type=";
        }
      }
    }
    if (correlationId != null && !io.alchemiser.shared.event.CorrelationIds.isValid(correlationId)) {
      return io.alchemiser.shared.event.CorrelationIds.validateMessage(correlationId);
    }
    Client client = new Client(socket, correlationId, types);
    socket.setWriteQueueMaxSize(maxQueuedBytes);
    socket.textMessageHandler(text -> refuse(socket));
    socket.binaryMessageHandler(bytes -> refuse(socket));
    socket.closeHandler(v -> left(client));
    socket.exceptionHandler(err -> left(client));
    clients.add(client);
    return null;
  }

  private static void refuse(ServerWebSocket socket) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(new JsonObject().put("error", "read-only stream")
          .put("detail", "/ws/events only sends events; frames from clients are ignored").encode());
    }
  }

  private void broadcast(WorkflowEvent event) {
    if (clients.isEmpty()) {
      return;
    }
    String json = null;
    for (Client client : clients) {
      if (!client.wants(event)) {
        continue;
      }
      ServerWebSocket socket = client.socket();
      if (socket.writeQueueFull()) {
        left(client);
        metrics.webSocketOverflow();
        LOG.warn("closing a WebSocket client that fell {} bytes behind", maxQueuedBytes);
        socket.close(OVERFLOW_CODE, "client too slow: more than " + maxQueuedBytes + " bytes queued");
        continue;
      }
      if (json == null) {
        json = cloudEvent(event);
      }
      socket.writeTextMessage(json);
    }
  }

  static String cloudEvent(WorkflowEvent event) {
    EventMetadata m = event.metadata();
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(m.eventId())
        .withSource(URI.create(m.sourceModule()))
        .withType(m.eventType())
        .withTime(m.timestamp().atOffset(ZoneOffset.UTC))
        .withSubject(m.correlationId())
        .withDataContentType("application/json")
        .withData(EventCodec.toJsonBytes(event));
    if (m.causationId() != null) {
      builder.withExtension("causationid", m.causationId());
    }
    CloudEvent cloudEvent = builder.build();
    return new String(FORMAT.serialize(cloudEvent), StandardCharsets.UTF_8);
  }
}
