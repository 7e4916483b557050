package io.alchemiser.orchestrator.claims;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which orchestrator of the cluster decides starts: the one holding the lease. Time is cut into
 * epochs of {@link #EPOCH_MS}; an epoch belongs to whoever first put its key into the claims map
 * ({@code putIfAbsent}, the one conditional write both cluster managers offer with a time to live).
 * The holder takes the next epoch halfway through its current one and so keeps the lease; every other
 * orchestrator tries only the epoch that has begun by its clock, so when the holder dies another holds
 * the lease within two epochs. A holder decides only until {@link #MARGIN_MS} before its last epoch
 * ends: clocks are taken to agree within that (NTP), as {@code WorkflowRuns} takes them to. One that
 * stops gives its epochs back, and another takes the lease at its next try.
 */
final class StartLease {
  static final long EPOCH_MS = 5_000;
  static final long MARGIN_MS = 1_000;
  private static final long TICK_MS = 1_000;
  private static final String KEY = "start-lease:";
  private static final Logger LOG = LoggerFactory.getLogger(StartLease.class);

  private final Vertx vertx;
  private final Supplier<Future<AsyncMap<String, String>>> map;
  private final String mine;
  /** Runs when the lease is taken, before this node decides: reads what the last holder claimed. */
  private final Supplier<Future<Void>> onTaken;
  private final Consumer<Boolean> onChange;
  /** Epoch ms until which this node decides starts; 0 while it does not. */
  private volatile long validUntil;
  private boolean deciding;
  /** The latest epoch whose key is this node's, or -1. */
  private long heldEpoch = -1;
  private boolean busy;
  private long timer = -1;

  StartLease(Vertx vertx, Supplier<Future<AsyncMap<String, String>>> map, String mine, Supplier<Future<Void>> onTaken, Consumer<Boolean> onChange) {
    this.vertx = vertx;
    this.map = map;
    this.mine = mine;
    this.onTaken = onTaken;
    this.onChange = onChange;
  }

  /** Tries at once, then every second; completes after the first try (taken, or held elsewhere). */
  Future<Void> start() {
    Promise<Void> first = Promise.promise();
    tick(first);
    timer = vertx.setPeriodic(TICK_MS, id -> tick(null));
    return first.future();
  }

  boolean held() {
    return System.currentTimeMillis() < validUntil;
  }

  /** Gives this node's epochs back, so that another orchestrator takes the lease at its next try. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    validUntil = 0;
    if (heldEpoch < 0) {
      return Future.succeededFuture();
    }
    List<Future<Boolean>> removed = new ArrayList<>();
    for (long epoch = System.currentTimeMillis() / EPOCH_MS; epoch <= heldEpoch; epoch++) {
      long given = epoch;
      removed.add(map.get().compose(m -> m.removeIfPresent(KEY + given, mine)));
    }
    heldEpoch = -1;
    return Future.join(removed).otherwiseEmpty().mapEmpty();
  }

  private void tick(Promise<Void> first) {
    if (busy) {
      return;
    }
    busy = true;
    long now = System.currentTimeMillis();
    long current = now / EPOCH_MS;
    Future<Void> step;
    if (held() && heldEpoch >= current) {
      boolean early = now - current * EPOCH_MS < EPOCH_MS / 2;
      step = heldEpoch > current || early ? Future.succeededFuture() : take(current + 1).map(taken -> {
        if (taken) {
          heldEpoch = current + 1;
          validUntil = (current + 2) * EPOCH_MS - MARGIN_MS;
        }
        return null;
      });
    } else {
      if (deciding) {
        deciding = false;
        LOG.warn("this orchestrator no longer decides workflow starts: its start lease ran out before it could keep it");
        onChange.accept(false);
      }
      // The next epoch too, at once: a lease taken late in an epoch would otherwise run out before it is kept.
      step = take(current).compose(taken -> !taken ? Future.succeededFuture((Long) null)
          : take(current + 1).map(next -> next ? current + 1 : current)).compose(last -> {
        // Taken at the end of an epoch whose successor is someone else's (a holder that died took it ahead):
        // too short to decide anything, nor to read the claims for; the epoch after that is tried in turn.
        if (last == null || !lastsATick(last)) {
          return Future.succeededFuture();
        }
        return onTaken.get().map(v -> {
          if (!lastsATick(last)) {
            return null;
          }
          heldEpoch = last;
          validUntil = (last + 1) * EPOCH_MS - MARGIN_MS;
          deciding = true;
          LOG.info("this orchestrator now decides the cluster's workflow starts (it holds the start lease)");
          onChange.accept(true);
          return null;
        });
      });
    }
    step.onComplete(result -> {
      busy = false;
      if (result.failed()) {
        // The map could not be reached, or the last holder's claims not read: try again at the next tick.
        LOG.warn("start lease: {}", String.valueOf(result.cause().getMessage()));
      }
      if (first != null) {
        first.complete();
      }
    });
  }

  /** Whether holding epochs up to {@code last} lets this node decide for at least one more tick. */
  private static boolean lastsATick(long last) {
    return (last + 1) * EPOCH_MS - MARGIN_MS - System.currentTimeMillis() >= TICK_MS;
  }

  private Future<Boolean> take(long epoch) {
    return map.get().compose(m -> m.putIfAbsent(KEY + epoch, mine, 3 * EPOCH_MS)).map(previous -> previous == null || previous.equals(mine));
  }
}
