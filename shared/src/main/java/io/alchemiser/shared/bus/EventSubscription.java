package io.alchemiser.shared.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One handler on several of the events' addresses ({@link Addresses#EVENTS}), registered and
 * unregistered as one: every lane and the bare address for an observer of all events, or some lanes
 * for one of the orchestrator's partitions. The consumers belong to the context that subscribes.
 */
public final class EventSubscription {
  private final List<MessageConsumer<Object>> consumers;

  private EventSubscription(List<MessageConsumer<Object>> consumers) {
    this.consumers = consumers;
  }

  /** {@code handler} hears every event: all lanes, and the bare address. */
  public static EventSubscription everyEvent(Vertx vertx, Handler<Message<Object>> handler) {
    EventSubscription lanes = lanes(vertx, lane -> true, handler);
    lanes.consumers.add(vertx.eventBus().consumer(Addresses.EVENTS, handler));
    return lanes;
  }

  /** {@code handler} hears the events of the lanes {@code lanes} accepts (not the bare address). */
  public static EventSubscription lanes(Vertx vertx, IntPredicate lanes, Handler<Message<Object>> handler) {
    List<MessageConsumer<Object>> consumers = new ArrayList<>();
    for (int lane = 0; lane < Addresses.EVENT_LANES; lane++) {
      if (lanes.test(lane)) {
        consumers.add(vertx.eventBus().consumer(Addresses.eventLane(lane), handler));
      }
    }
    return new EventSubscription(consumers);
  }

  /** Done once every consumer is registered (in a cluster: known to the other nodes). */
  public Future<Void> completion() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> unregister() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}
