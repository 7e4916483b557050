package io.alchemiser.shared.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.bus.WorkflowRuns.EndNotice;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** End notices: the object itself within a node, the JSON they always were between nodes. */
class EndNoticesTest {
  private final EndNotices notices = new EndNotices(List.of(
      new EndNotice("run-1", 1_800_000_000_123L, "completed"), new EndNotice("run-2", 1_800_000_000_456L, null)));

  @Test
  void betweenNodesTheyAreTheJsonOfABatchAndReadBackTheSame() {
    Buffer wire = Buffer.buffer("prefix");
    new EndNotices.Codec().encodeToWire(wire, notices);
    JsonObject json = new JsonObject(wire.getBuffer("prefix".length() + 4, wire.length()));
    // What a node before this codec published as a JsonObject, and what one sends by hand.
    assertThat(json).isEqualTo(new JsonObject().put("ended", new JsonArray()
        .add(WorkflowRuns.endedNotice("run-1", 1_800_000_000_123L, "completed"))
        .add(WorkflowRuns.endedNotice("run-2", 1_800_000_000_456L, null))));
    assertThat(new EndNotices.Codec().decodeFromWire("prefix".length(), wire)).isEqualTo(notices);
  }

  @Test
  void junkFromAnotherNodeGivesNoNoticeAndEntriesThatAreNotNoticesAreLeftOut() {
    Buffer junk = Buffer.buffer().appendInt(5).appendString("{\"en");
    assertThat(new EndNotices.Codec().decodeFromWire(0, junk).ended()).isEmpty();
    Buffer notJson = Buffer.buffer().appendInt(3).appendString("x]{");
    assertThat(new EndNotices.Codec().decodeFromWire(0, notJson).ended()).isEmpty();
    Buffer json = new JsonObject().put("ended", new JsonArray().add("no").add(new JsonObject().put("correlationId", "run-3"))
        .add(WorkflowRuns.endedNotice("run-4", 7L, "failed"))).toBuffer();
    Buffer mixed = Buffer.buffer().appendInt(json.length()).appendBuffer(json);
    assertThat(new EndNotices.Codec().decodeFromWire(0, mixed).ended()).containsExactly(new EndNotice("run-4", 7L, "failed"));
  }

  @Test
  void withinANodeEveryReceiverGetsTheOneObject() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EndNotices.register(vertx);
      EndNotices.register(vertx);
      List<Object> bodies = new CopyOnWriteArrayList<>();
      vertx.eventBus().consumer(Addresses.WORKFLOW_ENDED, message -> bodies.add(message.body())).completion().await();
      vertx.eventBus().consumer(Addresses.WORKFLOW_ENDED, message -> bodies.add(message.body())).completion().await();
      vertx.eventBus().publish(Addresses.WORKFLOW_ENDED, notices);
      for (int i = 0; i < 100 && bodies.size() < 2; i++) {
        Thread.sleep(10);
      }
      assertThat(bodies).hasSize(2).allSatisfy(body -> assertThat(body).isSameAs(notices));
      assertThat(WorkflowRuns.EndNotice.readAll(bodies.get(0))).isEqualTo(notices.ended());
    } finally {
      vertx.close().await();
    }
  }
}
