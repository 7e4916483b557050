package io.alchemiser.orchestrator.web;

import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.account.AccountLeases;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/** The REST API over the workflow client: start, one workflow, a page of workflows, the stats view. */
final class WorkflowApi {
  private final WorkflowClient client;
  private final AccountLeases leases;

  WorkflowApi(WorkflowClient client, AccountLeases leases) {
    this.client = client;
    this.leases = leases;
  }

  /** The body is checked by the contract (an object of correlationId and dryRun, each of its type) before this runs. */
  void start(RoutingContext ctx) {
    JsonObject body = ctx.body().length() > 0 ? ctx.body().asJsonObject() : new JsonObject();
    String id = body.getString("correlationId");
    boolean dryRun = body.getBoolean("dryRun", false);
    client.start(new StartRequest(id, dryRun, "api", null))
        .onSuccess(started -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
            .putHeader("location", "/api/workflows/" + started)
            .end(new JsonObject().put("correlationId", started).encode()))
        .onFailure(err -> ApiErrors.fail(ctx, err));
  }

  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    client.get(id).compose(record -> accounts().map(accounts -> {
      var view = record.toViewJson(Instant.now());
      leaseOf(accounts, record.correlationId(), view);
      return view;
    })).onSuccess(view -> json(ctx, Json.toBuffer(view))).onFailure(err -> ApiErrors.fail(ctx, err));
  }

  /** {@code status} and {@code limit} are checked by the contract (one of four statuses; 1 to 1000) before this runs. */
  void list(RoutingContext ctx) {
    String statusParam = ctx.queryParams().get("status");
    WorkflowStatus status = statusParam == null ? null : WorkflowStatus.valueOf(statusParam.toUpperCase(Locale.ROOT));
    int limit = ctx.queryParams().get("limit") == null ? 50 : Integer.parseInt(ctx.queryParams().get("limit"));
    client.recent(status, limit).compose(records -> accounts().map(accounts -> {
      com.fasterxml.jackson.databind.node.ObjectNode page = Json.MAPPER.createObjectNode();
      var list = page.putArray("workflows");
      for (WorkflowRecord record : records) {
        var view = record.toViewJson(Instant.now());
        leaseOf(accounts, record.correlationId(), view);
        list.add(view);
      }
      try {
        page.set("accounts", Json.MAPPER.readTree(accounts.encode()));
      } catch (IOException e) {
        throw new IllegalStateException("the account leases do not encode", e);
      }
      return page;
    })).onSuccess(page -> json(ctx, Json.toBuffer(page))).onFailure(err -> ApiErrors.fail(ctx, err));
  }

  void stats(RoutingContext ctx) {
    client.stats().onSuccess(stats -> json(ctx, Json.toBuffer(stats))).onFailure(err -> ApiErrors.fail(ctx, err));
  }

  /** Who holds which account and who waits; none when the leases cannot be read (the list still answers). */
  private io.vertx.core.Future<io.vertx.core.json.JsonArray> accounts() {
    return leases.snapshot().recover(err -> io.vertx.core.Future.succeededFuture(new io.vertx.core.json.JsonArray()));
  }

  /** {@code "accountLease": {"account", "role": "holding"|"waiting", "since"}} on a workflow that holds or waits for one. */
  private static void leaseOf(io.vertx.core.json.JsonArray accounts, String correlationId, com.fasterxml.jackson.databind.node.ObjectNode view) {
    for (Object item : accounts) {
      JsonObject account = (JsonObject) item;
      JsonObject holder = account.getJsonObject("holder");
      if (holder != null && correlationId.equals(holder.getString("correlationId"))) {
        view.putObject("accountLease").put("account", account.getString("account")).put("role", "holding")
            .put("stage", holder.getString("stage")).put("since", holder.getString("since"));
        return;
      }
      for (Object waiting : account.getJsonArray("waiting")) {
        JsonObject waiter = (JsonObject) waiting;
        if (correlationId.equals(waiter.getString("correlationId"))) {
          view.putObject("accountLease").put("account", account.getString("account")).put("role", "waiting")
              .put("since", waiter.getString("since"));
          return;
        }
      }
    }
  }

  private static void json(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader("content-type", "application/json").end(body);
  }
}
