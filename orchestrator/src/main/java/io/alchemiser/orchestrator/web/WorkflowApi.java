package io.alchemiser.orchestrator.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.event.CorrelationIds;
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
import java.util.Set;

/** The REST API over the workflow client: start, one workflow, a page of workflows, the stats view. */
final class WorkflowApi {
  private static final Set<String> START_FIELDS = Set.of("correlationId", "dryRun");
  private final WorkflowClient client;
  private final AccountLeases leases;

  WorkflowApi(WorkflowClient client, AccountLeases leases) {
    this.client = client;
    this.leases = leases;
  }

  void start(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    JsonNode body = Json.MAPPER.createObjectNode();
    if (raw != null && raw.length() > 0) {
      try {
        body = Json.MAPPER.readTree(raw.getBytes());
      } catch (IOException e) {
        ApiErrors.send(ctx, 400, "bad request", "the body is not JSON: " + Json.describe(e));
        return;
      }
      if (body == null || !body.isObject()) {
        ApiErrors.send(ctx, 400, "bad request", "the body must be a JSON object");
        return;
      }
    }
    for (java.util.Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!START_FIELDS.contains(field)) {
        ApiErrors.send(ctx, 400, "bad request", "unknown field '" + field + "' (expected correlationId, dryRun)");
        return;
      }
    }
    JsonNode id = body.path("correlationId");
    if (!id.isMissingNode() && !id.isNull() && !(id.isTextual() && CorrelationIds.isValid(id.asText()))) {
      ApiErrors.send(ctx, 400, "bad request", CorrelationIds.validateMessage(id.isTextual() ? id.asText() : id.toString()));
      return;
    }
    JsonNode dryRun = body.path("dryRun");
    if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
      ApiErrors.send(ctx, 400, "bad request", "dryRun must be true or false");
      return;
    }
    client.start(new StartRequest(id.isTextual() ? id.asText() : null, dryRun.asBoolean(false), "api", null))
        .onSuccess(started -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
            .putHeader("location", "/api/workflows/" + started)
            .end(new JsonObject().put("correlationId", started).encode()))
        .onFailure(err -> ApiErrors.fail(ctx, err));
  }

  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!CorrelationIds.isValid(id)) {
      ApiErrors.send(ctx, 400, "bad request", CorrelationIds.validateMessage(id));
      return;
    }
    client.get(id).compose(record -> accounts().map(accounts -> {
      var view = record.toViewJson(Instant.now());
      leaseOf(accounts, record.correlationId(), view);
      return view;
    })).onSuccess(view -> json(ctx, Json.toBuffer(view))).onFailure(err -> ApiErrors.fail(ctx, err));
  }

  void list(RoutingContext ctx) {
    String statusParam = ctx.queryParams().get("status");
    WorkflowStatus status = null;
    if (statusParam != null) {
      try {
        status = WorkflowStatus.valueOf(statusParam.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        ApiErrors.send(ctx, 400, "bad request", "status must be active, completed, failed or timeout");
        return;
      }
    }
    int limit;
    try {
      limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "50" : ctx.queryParams().get("limit"));
    } catch (NumberFormatException e) {
      ApiErrors.send(ctx, 400, "bad request", "limit must be a whole number from 1 to 1000");
      return;
    }
    if (limit < 1 || limit > 1000) {
      ApiErrors.send(ctx, 400, "bad request", "limit must be a whole number from 1 to 1000");
      return;
    }
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
