package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.journal.Journal;

import io.alchemiser.shared.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the messages modules refused as events (the dead letters), with why: in the journal when
 * there is one, so they survive restarts, else in memory; at most {@link #MAX} of them, the oldest
 * going first. Answers list requests, newest first.
 */
public final class DeadLetterVerticle extends VerticleBase {
  static final int MAX = 10_000;
  private final Journal journal;
  private final Deque<JsonObject> memory = new ArrayDeque<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  public DeadLetterVerticle(Journal journal) {
    this.journal = journal;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<Object> keep = vertx.eventBus().consumer(Addresses.DEAD_LETTERS, this::keep);
    MessageConsumer<Object> list = vertx.eventBus().consumer(Addresses.DEAD_LETTERS_LIST, this::list);
    consumers.add(keep);
    consumers.add(list);
    return Future.all(keep.completion(), list.completion());
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private void keep(Message<Object> message) {
    if (!(message.body() instanceof JsonObject letter)) {
      return;
    }
    if (journal == null) {
      memory.addFirst(letter);
      while (memory.size() > MAX) {
        memory.removeLast();
      }
      return;
    }
    byte[] json = letter.encode().getBytes(StandardCharsets.UTF_8);
    vertx.executeBlocking(() -> {
      journal.deadLetter(json, MAX);
      return null;
    }, true);
  }

  private void list(Message<Object> message) {
    int limit = message.body() instanceof JsonObject request ? request.getInteger("limit", 100) : 100;
    int bounded = Math.max(1, Math.min(limit, 1000));
    Future<JsonArray> letters = journal == null
        ? Future.succeededFuture(new JsonArray(memory.stream().limit(bounded).map(JsonObject::copy).map(Object.class::cast).toList()))
        : vertx.executeBlocking(() -> {
          JsonArray array = new JsonArray();
          journal.deadLetters(bounded).forEach(bytes -> array.add(new JsonObject(Buffer.buffer(bytes))));
          return array;
        }, false);
    letters.onSuccess(array -> message.reply(new JsonObject().put("deadLetters", array)))
        .onFailure(err -> message.fail(500, err.getMessage()));
  }
}
