package io.alchemiser.orchestrator.claims;

import io.alchemiser.orchestrator.journal.GroupCommit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starts the lease holder allowed, in the cluster map, for whoever holds the lease next. Claims
 * are written in groups ({@link GroupCommit}): one entry per write, holding every id claimed since the
 * previous write began, and living as long as the longest-lived claim in it. So a start costs a share of
 * one cluster write, however many start at once, and none is allowed before its claim is written.
 * A workflow that failed or timed out may be started again: its release goes into the log too, so
 * that a holder that never saw it end (it joined later) does not refuse the retry. A reader applies
 * the groups in the order they were written.
 */
final class ClaimLog {
  private static final String PREFIX = "claims:";
  private static final Logger LOG = LoggerFactory.getLogger(ClaimLog.class);

  /**
   * One claim: an id, refused to others until {@code until} (epoch ms); or, {@code released}, the end
   * of the claims of it written before (living as long as they do).
   */
  record Claim(String id, long until, boolean released) {
    Claim(String id, long until) {
      this(id, until, false);
    }
  }

  private final Supplier<Future<AsyncMap<String, String>>> map;
  private final String writer;
  private final AtomicLong written = new AtomicLong();
  private final GroupCommit<Claim> groups;

  ClaimLog(Vertx vertx, Supplier<Future<AsyncMap<String, String>>> map, String writer) {
    this.map = map;
    this.writer = writer;
    this.groups = new GroupCommit<>(vertx, this::write);
  }

  /** Completes once the claim is in the cluster map, on the event loop that made it. */
  Future<Void> append(Claim claim) {
    return groups.append(claim);
  }

  private Future<Void> write(List<Claim> claims) {
    long until = 0;
    JsonArray ids = new JsonArray();
    for (Claim claim : claims) {
      // Claims as bare ids (the many), releases as objects (the few), in the order they were made.
      ids.add(claim.released() ? new JsonObject().put("released", claim.id()) : claim.id());
      until = Math.max(until, claim.until());
    }
    long now = System.currentTimeMillis();
    long ttl = Math.max(1, until - now);
    long sequence = written.incrementAndGet();
    String value = new JsonObject().put("until", until).put("at", now).put("sequence", sequence).put("ids", ids).encode();
    return map.get().compose(m -> m.put(PREFIX + writer + ":" + sequence, value, ttl));
  }

  /**
   * Every claim still in the map and not released since, by id (the latest {@code until} of each);
   * groups that cannot be read are skipped.
   */
  Future<Map<String, Long>> read() {
    return map.get().compose(AsyncMap::entries).map(entries -> {
      List<Group> groups = new java.util.ArrayList<>();
      long now = System.currentTimeMillis();
      entries.forEach((key, value) -> {
        if (!key.startsWith(PREFIX)) {
          return;
        }
        try {
          JsonObject group = new JsonObject(value);
          JsonArray ids = java.util.Objects.requireNonNull(group.getJsonArray("ids"), "no ids");
          long until = group.getLong("until");
          if (until > now) {
            // "at" and "sequence" are absent in groups written before 1 December 2026.
            groups.add(new Group(group.getLong("at", 0L), group.getLong("sequence", 0L), until, ids));
          }
        } catch (RuntimeException e) {
          // Written by us, so never expected; one unreadable group must not stop the lease from being taken.
          LOG.warn("skipped an unreadable group of claims ({}): {}", key, e.getMessage());
        }
      });
      // In the order written: by the writer's clock, one writer's groups by their sequence.
      groups.sort(java.util.Comparator.comparingLong(Group::at).thenComparingLong(Group::sequence));
      Map<String, Long> claims = new HashMap<>();
      for (Group group : groups) {
        for (Object id : group.ids()) {
          if (id instanceof JsonObject release && release.getValue("released") instanceof String released) {
            claims.remove(released);
          } else if (id instanceof String claimed) {
            claims.merge(claimed, group.until(), Math::max);
          }
        }
      }
      return claims;
    });
  }

  /** One write's claims and releases, as read back. */
  private record Group(long at, long sequence, long until, JsonArray ids) {
  }
}
