package io.alchemiser.orchestrator.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Appends from two event loops share writes: those made while a write runs go into the next one,
 * in order, and each append completes on the loop that made it, after its own write.
 */
class GroupCommitTest {
  private Vertx vertx;
  /** Each write the commit asked for, and the promise that ends it (the test decides when). */
  private final List<List<String>> writes = new CopyOnWriteArrayList<>();
  private final List<Promise<Void>> ends = new CopyOnWriteArrayList<>();
  private GroupCommit<String> commit;
  /** Appends made so far (each is made on its loop, after the test asked for it). */
  private final java.util.concurrent.atomic.AtomicInteger appended = new java.util.concurrent.atomic.AtomicInteger();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    commit = new GroupCommit<>(vertx, batch -> {
      Promise<Void> end = Promise.promise();
      writes.add(List.copyOf(batch));
      ends.add(end);
      return end.future();
    });
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  /** Where an append completed: on which context, and in which order. */
  private record Done(String entry, Context context, boolean succeeded) {
  }

  @Test
  void appendsMadeDuringAWriteShareTheNextAndEachCompletesOnItsOwnLoop() throws Exception {
    Context a = loop();
    Context b = loop();
    List<Done> done = new CopyOnWriteArrayList<>();
    append(a, "a1", done);
    waitFor(() -> writes.size() == 1);
    // While the first write runs: three from one loop, two from the other.
    for (String entry : List.of("a2", "b1", "a3", "b2", "a4")) {
      append(entry.startsWith("a") ? a : b, entry, done);
    }
    waitFor(() -> appended.get() == 6);
    assertThat(done).isEmpty();
    assertThat(writes).hasSize(1);
    ends.get(0).complete();
    waitFor(() -> writes.size() == 2);
    // One write for all five; each loop's in the order it made them (the two loops race each other).
    assertThat(writes.get(1)).containsExactlyInAnyOrder("a2", "b1", "a3", "b2", "a4");
    assertThat(writes.get(1).stream().filter(e -> e.startsWith("a"))).containsExactly("a2", "a3", "a4");
    assertThat(writes.get(1).stream().filter(e -> e.startsWith("b"))).containsExactly("b1", "b2");
    // a1's completion is dispatched to its loop, so it may land just after the next write began.
    waitFor(() -> !done.isEmpty());
    assertThat(done).containsExactly(new Done("a1", a, true));
    ends.get(1).complete();
    waitFor(() -> done.size() == 6);
    for (Done d : done) {
      assertThat(d.context()).as(d.entry()).isSameAs(d.entry().startsWith("a") ? a : b);
      assertThat(d.succeeded()).isTrue();
    }
    // In the order appended, on each loop.
    assertThat(done.stream().filter(d -> d.context() == a).map(Done::entry)).containsExactly("a1", "a2", "a3", "a4");
    assertThat(done.stream().filter(d -> d.context() == b).map(Done::entry)).containsExactly("b1", "b2");
  }

  @Test
  void aFailedWriteFailsEveryAppendInItAndTheNextWriteStillRuns() throws Exception {
    Context a = loop();
    Context b = loop();
    List<Done> done = new CopyOnWriteArrayList<>();
    append(a, "a1", done);
    waitFor(() -> writes.size() == 1);
    append(a, "a2", done);
    append(b, "b1", done);
    waitFor(() -> appended.get() == 3);
    ends.get(0).complete();
    waitFor(() -> writes.size() == 2);
    append(b, "b2", done);
    waitFor(() -> appended.get() == 4);
    ends.get(1).fail("disk full");
    waitFor(() -> writes.size() == 3);
    ends.get(2).complete();
    waitFor(() -> done.size() == 4);
    assertThat(done).filteredOn(d -> !d.succeeded()).extracting(Done::entry).containsExactlyInAnyOrder("a2", "b1");
    assertThat(done).filteredOn(Done::succeeded).extracting(Done::entry).containsExactlyInAnyOrder("a1", "b2");
    assertThat(writes.get(2)).containsExactly("b2");
  }

  private void append(Context context, String entry, List<Done> done) {
    context.runOnContext(v -> {
      commit.append(entry).onComplete(result -> done.add(new Done(entry, Vertx.currentContext(), result.succeeded())));
      appended.incrementAndGet();
    });
  }

  /** The context of a verticle of its own: an event loop that appends. */
  private Context loop() {
    List<Context> its = new ArrayList<>();
    vertx.deployVerticle(new AbstractVerticle() {
      @Override
      public void start() {
        its.add(context);
      }
    }).await();
    return its.get(0);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 10 s");
      }
      Thread.sleep(5);
    }
  }
}
