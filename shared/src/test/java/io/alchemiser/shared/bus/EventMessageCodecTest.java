package io.alchemiser.shared.bus;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.EventMessageCodec;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events on the bus: the record itself within a node, strict JSON between nodes. */
class EventMessageCodecTest {

  private static MultiMap headers(WorkflowEvent event) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    EventCodec.deliveryOptions(event).getHeaders().forEach(h -> headers.add(h.getKey(), h.getValue()));
    return headers;
  }

  @Test
  void everyEventCrossesTheWireAsJsonThatDecodesStrictlyToTheSameEvent() throws Exception {
    for (WorkflowEvent event : EventCodecTest.oneOfEach()) {
      EventMessageCodec<WorkflowEvent> codec = EventMessageCodec.of(event.type());
      Buffer wire = Buffer.buffer("prefix");
      codec.encodeToWire(wire, event);
      Object received = codec.decodeFromWire("prefix".length(), wire);
      assertThat(received).isInstanceOf(Buffer.class);
      assertThat(EventCodec.decode(headers(event), received)).isEqualTo(event);
    }
    WorkflowEvent started = EventCodecTest.oneOfEach().get(1);
    Buffer broken = Buffer.buffer();
    EventMessageCodec.of(started.type()).encodeToWire(broken, started);
    broken.setByte(broken.length() - 1, (byte) ' ');
    Object received = EventMessageCodec.of(started.type()).decodeFromWire(0, broken);
    assertThatThrownBy(() -> EventCodec.decode(headers(started), received)).isInstanceOf(EventRejectedException.class);
  }

  @Test
  void anEventWrittenAgainReusesItsJsonAndEveryOtherEventGetsItsOwn() throws Exception {
    List<WorkflowEvent> first = EventCodecTest.oneOfEach();
    List<WorkflowEvent> second = EventCodecTest.oneOfEach();
    for (int i = 0; i < first.size(); i++) {
      WorkflowEvent a = first.get(i);
      WorkflowEvent b = second.get(i);
      assertThat(b).isNotEqualTo(a);
      EventMessageCodec<WorkflowEvent> codec = EventMessageCodec.of(a.type());
      Buffer wire = Buffer.buffer();
      List<WorkflowEvent> written = List.of(a, a, b, a, b);
      for (WorkflowEvent event : written) {
        codec.encodeToWire(wire, event); // as a publish and a hand-over do, one after the other
      }
      int pos = 0;
      for (WorkflowEvent event : written) {
        Buffer body = (Buffer) codec.decodeFromWire(pos, wire);
        assertThat(EventCodec.decode(headers(event), body)).isEqualTo(event);
        pos += 4 + body.length();
      }
      assertThat(pos).isEqualTo(wire.length());
    }
  }

  @Test
  void withinANodeTheConsumerGetsTheEventItselfAndItsHeadersAreStillChecked() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EventMessageCodec.register(vertx);
      EventMessageCodec.register(vertx);
      List<Object> bodies = new ArrayList<>();
      vertx.eventBus().consumer("codec-test", message -> {
        bodies.add(message.body());
        message.reply(null);
      }).completion().await();
      List<WorkflowEvent> events = EventCodecTest.oneOfEach();
      for (WorkflowEvent event : events) {
        vertx.eventBus().request("codec-test", event, EventCodec.deliveryOptions(event)).await();
      }
      assertThat(bodies).hasSize(events.size());
      for (int i = 0; i < events.size(); i++) {
        assertThat(bodies.get(i)).isSameAs(events.get(i));
      }
      // A record under the wrong event-type header is refused like any malformed body.
      WorkflowEvent started = events.get(1);
      MultiMap lying = headers(started).set(Headers.EVENT_TYPE, EventType.WORKFLOW_COMPLETED.wireName());
      assertThatThrownBy(() -> EventCodec.decode(lying, started)).isInstanceOf(EventRejectedException.class)
          .hasMessageContaining("WorkflowCompleted");
    } finally {
      vertx.close().await();
    }
  }
}
