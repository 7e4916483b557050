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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starts the lease holder allowed, in the cluster map, for whoever holds the lease next. Claims
 * are written in groups ({@link GroupCommit}): one entry per write, holding every id claimed since the
 * previous write began, and living as long as the longest-lived claim in it. So a start costs a share of
 * one cluster write, however many start at once, and none is allowed before its claim is written.
 */
final class ClaimLog {
  private static final String PREFIX = "claims:";
  private static final Logger LOG = LoggerFactory.getLogger(ClaimLog.class);

  /** One claim: an id, refused to others until {@code until} (epoch ms). */
  record Claim(String id, long until) {
  }

  private final Future<AsyncMap<String, String>> map;
  private final String writer;
  private final AtomicLong written = new AtomicLong();
  private final GroupCommit<Claim> groups;

  ClaimLog(Vertx vertx, Future<AsyncMap<String, String>> map, String writer) {
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
      ids.add(claim.id());
      until = Math.max(until, claim.until());
    }
    long ttl = Math.max(1, until - System.currentTimeMillis());
    String value = new JsonObject().put("until", until).put("ids", ids).encode();
    return map.compose(m -> m.put(PREFIX + writer + ":" + written.incrementAndGet(), value, ttl));
  }

  /** Every claim still in the map, by id (the latest {@code until} of each); entries that cannot be read are skipped. */
  Future<Map<String, Long>> read() {
    return map.compose(AsyncMap::entries).map(entries -> {
      Map<String, Long> claims = new HashMap<>();
      long now = System.currentTimeMillis();
      entries.forEach((key, value) -> {
        if (!key.startsWith(PREFIX)) {
          return;
        }
        try {
          JsonObject group = new JsonObject(value);
          long until = group.getLong("until");
          if (until > now) {
            group.getJsonArray("ids").forEach(id -> claims.merge((String) id, until, Math::max));
          }
        } catch (RuntimeException e) {
          // Written by us, so never expected; one unreadable group must not stop the lease from being taken.
          LOG.warn("skipped an unreadable group of claims ({}): {}", key, e.getMessage());
        }
      });
      return claims;
    });
  }
}
