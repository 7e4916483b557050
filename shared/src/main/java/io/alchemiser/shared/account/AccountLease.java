package io.alchemiser.shared.account;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One workflow's hold on one broker account: which workflow, at which stage (planning in the
 * portfolio module, executing in the execution module), on which cluster node (so that a node's
 * death frees it) and since when. Stored as its JSON text, so that compare-and-set on a cluster-wide
 * map compares exactly what was read.
 */
public record AccountLease(String account, String correlationId, Stage stage, String node, String nodeName, Instant since) {

  /** Who holds the lease: the module that reads the account to plan, then the one that trades it. */
  public enum Stage {
    PLANNING, EXECUTING;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  String encode() {
    return toStored().encode();
  }

  public JsonObject toJson() {
    return new JsonObject().put("account", account).put("correlationId", correlationId).put("stage", stage.wire())
        .put("node", nodeName).put("since", since.toString());
  }

  JsonObject toStored() {
    return toJson().put("nodeId", node);
  }

  static AccountLease decode(String text) {
    JsonObject json = new JsonObject(text);
    return new AccountLease(json.getString("account"), json.getString("correlationId"),
        Stage.valueOf(json.getString("stage").toUpperCase(java.util.Locale.ROOT)), json.getString("nodeId"), json.getString("node"),
        Instant.parse(json.getString("since")));
  }

  AccountLease at(Stage next, String nodeId, String name) {
    return new AccountLease(account, correlationId, next, nodeId, name, since);
  }
}
