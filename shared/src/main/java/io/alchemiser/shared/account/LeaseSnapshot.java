package io.alchemiser.shared.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What an operator sees of the account leases ({@code GET /api/workflows}' {@code accounts}): every
 * account held now, with its holder and the workflows waiting for it,
 * {@code [{"account", "holder": {correlationId, stage, node, since}, "waiting": [{correlationId, node, since}]}]}.
 * Entries of nodes that have left the cluster ({@code alive} says no) are dropped, and a dead waiter's removed.
 */
final class LeaseSnapshot {
  private LeaseSnapshot() {
  }

  static Future<JsonArray> read(AsyncMap<String, String> holders, AsyncMap<String, String> waiters, Predicate<String> alive) {
    return holders.entries().compose(held -> waiters.entries().map(waiting -> {
      Map<String, JsonObject> byAccount = new TreeMap<>();
      held.forEach((account, text) -> {
        AccountLease lease = AccountLease.decode(text);
        if (alive.test(lease.node())) {
          JsonObject holder = lease.toJson();
          holder.remove("account");
          byAccount.put(account, new JsonObject().put("account", account).put("holder", holder).put("waiting", new JsonArray()));
        }
      });
      waiting.forEach((correlationId, text) -> {
        JsonObject waiter = new JsonObject(text);
        if (!alive.test(waiter.getString("nodeId"))) {
          waiters.remove(correlationId);
          return;
        }
        String account = waiter.getString("account");
        JsonObject entry = byAccount.computeIfAbsent(account, a -> new JsonObject().put("account", a).putNull("holder").put("waiting", new JsonArray()));
        entry.getJsonArray("waiting").add(new JsonObject().put("correlationId", correlationId).put("node", waiter.getString("node"))
            .put("since", waiter.getString("since")));
      });
      return new JsonArray(new ArrayList<>(byAccount.values()));
    }));
  }
}
