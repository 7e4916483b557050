package io.alchemiser.shared.halt;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.cluster.ClusterMap;
import io.alchemiser.shared.json.JsonFiles;
import io.alchemiser.shared.logging.UntrustedText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's halt of all trading, across every JVM of a cluster. The state lives in a
 * cluster-wide map (a local one without a cluster), read by the execution module before each live
 * order, so a halt stops the next order wherever it would be placed. It also survives restarts: the
 * node that changes it writes {@code <dataDir>/trading-halt.json} durably, and every node starting
 * puts its file's state into the map when the file's is the newer, so the cluster's newest change
 * wins. A file that cannot be read halts trading, since no one can tell whether it said to (it is
 * kept aside as {@code trading-halt.json.damaged} and replaced by that halt). One
 * instance per verticle: its methods run on that verticle's event loop.
 */
public final class TradingHalts {
  private static final Logger LOG = LoggerFactory.getLogger(TradingHalts.class);
  static final String KEY = "state";
  public static final String FILE = "trading-halt.json";

  private static final long NOTICE_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private Future<AsyncMap<String, String>> map;

  public TradingHalts(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The map, looked up once (a cluster manager's map is not free to find before every order); again after a failure. */
  private Future<AsyncMap<String, String>> map() {
    Future<AsyncMap<String, String>> known = map;
    if (known == null || known.failed()) {
      known = ClusterMap.TRADING_HALT.open(vertx);
      map = known;
    }
    return known;
  }

  /** The state now: {@link TradingHalt#NONE} when no one has halted trading. */
  public Future<TradingHalt> current() {
    return map().compose(map -> map.get(KEY)).map(text -> text == null ? TradingHalt.NONE : TradingHalt.fromJson(new JsonObject(text)));
  }

  /**
   * Halts or resumes trading everywhere, and saves the state in this node's data directory. Biased
   * to safety: a halt takes effect before it is saved (a failed save is reported, the halt stands);
   * a resume takes effect only once saved. {@code by}: where the change came from, kept with it for
   * whoever asks later who halted trading.
   */
  public Future<TradingHalt> change(boolean halt, String reason, String by, Path dataDir) {
    TradingHalt next = new TradingHalt(halt, reason, Instant.now(), by);
    Path file = dataDir.resolve(FILE);
    Future<Void> save = vertx.executeBlocking(() -> {
      save(dataDir, next);
      return null;
    }, false);
    Future<Void> done = halt
        ? publish(next).compose(v -> save.recover(err -> Future.failedFuture(new IllegalStateException("trading is halted, but "
            + file + " could not be written (" + err.getMessage() + "): the halt will not outlive a restart of this node"))))
        : save.recover(err -> Future.failedFuture(new IllegalStateException("trading was not resumed: " + file
            + " could not be written (" + err.getMessage() + ")"))).compose(v -> publish(next));
    return done.map(v -> {
      LOG.warn("trading {} by the operator ({}){}", halt ? "HALTED" : "resumed", next.by(), reason == null ? "" : ": " + reason);
      announce(next);
      return next;
    });
  }

  /**
   * Tells people, through one notifications module (email, webhook) wherever it runs; the change
   * stands whatever becomes of the notice.
   */
  private void announce(TradingHalt state) {
    vertx.eventBus().request(Addresses.TRADING_HALT_NOTICES, state.toJson(), new DeliveryOptions().setSendTimeout(NOTICE_TIMEOUT_MS))
        .onFailure(err -> {
          if (err instanceof ReplyException refused && refused.failureType() == ReplyFailure.NO_HANDLERS) {
            LOG.info("no notifications module runs with a channel: nobody was told that trading was {}", state.halted() ? "halted" : "resumed");
          } else {
            LOG.warn("the notice that trading was {} could not be handed to the notifications module: {}",
                state.halted() ? "halted" : "resumed", err.getMessage());
          }
        });
  }

  private Future<Void> publish(TradingHalt next) {
    return map().compose(map -> map.put(KEY, next.toJson().encode()));
  }

  /**
   * Writes {@code state} to the data directory's halt file, durably (blocking): what a node restores at
   * its start when it is newer than the cluster's, and what {@code alchemiser trading --offline} sets.
   */
  public static void save(Path dataDir, TradingHalt state) throws java.io.IOException {
    JsonFiles.writeDurably(dataDir.resolve(FILE), state.toJson().getMap());
  }

  /**
   * At a node's start: the state in its data directory, put into the map when it is newer than the
   * map's (the cluster's), so a halt outlives a restart of every node.
   */
  public static Future<TradingHalt> restore(Vertx vertx, Path dataDir) {
    Path file = dataDir.resolve(FILE);
    TradingHalts halts = new TradingHalts(vertx);
    // Without a file of its own, a node has nothing to add: the map is left alone until it is needed.
    return vertx.executeBlocking(() -> read(file), false).compose(saved -> saved == TradingHalt.NONE ? Future.succeededFuture(saved)
        : halts.current().compose(shared -> {
          if (!saved.at().isAfter(shared.at())) {
            return Future.succeededFuture(shared);
          }
          if (saved.halted()) {
            LOG.warn("{} as {} says", saved.describe(), file);
          }
          return halts.publish(saved).map(saved);
        }));
  }

  private static TradingHalt read(Path file) {
    if (!Files.exists(file)) {
      return TradingHalt.NONE;
    }
    try {
      return TradingHalt.fromJson(new JsonObject(Files.readString(file)));
    } catch (Exception e) {
      String why = "the trading halt file " + file + " cannot be read (" + UntrustedText.abbreviate(e.getMessage(), 120)
          + "); trading stays halted until an operator resumes it";
      LOG.error(why);
      TradingHalt halt = new TradingHalt(true, why, Instant.now(), "the node that found the file damaged at its start");
      // Kept aside, and replaced by this halt: a later change made anywhere is newer, and wins at the next start.
      try {
        Files.move(file, file.resolveSibling(FILE + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
        JsonFiles.writeDurably(file, halt.toJson().getMap());
      } catch (Exception moved) {
        LOG.error("cannot set {} aside: {}", file, moved.getMessage());
      }
      return halt;
    }
  }
}
