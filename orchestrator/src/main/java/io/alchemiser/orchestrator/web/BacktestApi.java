package io.alchemiser.orchestrator.web;

import io.alchemiser.orchestrator.backtest.BacktestException;
import io.alchemiser.orchestrator.backtest.BacktestResult;
import io.alchemiser.orchestrator.backtest.BacktestRunner;
import io.alchemiser.orchestrator.backtest.StrategyWeights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.logging.UntrustedText;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/backtests} and {@code GET /api/backtests[/{id}]}. A request is checked up to its
 * trading days before it is accepted (202 with the id); the days are then simulated in the
 * background, and the backtest's progress and result are kept here (the newest few) for the page
 * and for clients that poll. Strategies come as symphony text, or as a bundled example's name: the
 * API never reads a file of the server's.
 */
final class BacktestApi {
  private static final int MAX_RUNNING = 2;
  private static final int KEPT = 20;

  private final BacktestRunner runner;
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  BacktestApi(BacktestRunner runner) {
    this.runner = runner;
  }

  private static final class Job {
    final String id;
    final Instant submittedAt = Instant.now();
    String status = "running";
    int done;
    int total;
    BacktestResult result;
    String error;
    BacktestException.Kind kind;

    Job(String id, int total) {
      this.id = id;
      this.total = total;
    }

    ObjectNode view(boolean withResult) {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put("id", id).put("status", status).put("submittedAt", submittedAt.toString());
      json.putObject("progress").put("daysDone", done).put("days", total);
      if (error != null) {
        json.putObject("error").put("message", error).put("kind", kind == null ? null : kind.name().toLowerCase(java.util.Locale.ROOT));
      }
      if (result != null) {
        json.put("finalEquity", result.finalEquity()).put("totalReturnPct", result.totalReturnPct())
            .put("strategies", String.join(", ", result.strategies()));
        if (withResult) {
          json.set("result", Json.MAPPER.valueToTree(result));
        }
      }
      return json;
    }
  }

  void submit(RoutingContext ctx) {
    BacktestRunner.Request request;
    try {
      request = parse(ctx.body().buffer());
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "bad request", e.getMessage());
      return;
    }
    long running = jobs.values().stream().filter(j -> j.status.equals("running")).count();
    if (running >= MAX_RUNNING) {
      ApiErrors.send(ctx, 429, "too many backtests", running + " backtests are running; try again when one has finished");
      return;
    }
    runner.prepare(request).onSuccess(prepared -> {
      Job job = new Job(request.id(), prepared.days().size());
      jobs.put(job.id, job);
      forgetOld();
      runner.run(prepared, (done, total) -> job.done = done).onComplete(outcome -> {
        if (outcome.succeeded()) {
          job.result = outcome.result();
          job.status = "completed";
        } else {
          job.status = "failed";
          job.error = outcome.cause().getMessage();
          job.kind = outcome.cause() instanceof BacktestException e ? e.kind() : BacktestException.Kind.INTERNAL;
        }
      });
      ctx.response().setStatusCode(202).putHeader("content-type", "application/json").putHeader("location", "/api/backtests/" + job.id)
          .end(Json.toBuffer(job.view(false)));
    }).onFailure(err -> {
      if (err instanceof BacktestException e) {
        // Bad input is the client's (400); data that cannot carry the backtest is unprocessable (422).
        int status = switch (e.kind()) {
          case DATA -> 422;
          case INTERNAL -> 503;
          case BAD_REQUEST, STRATEGY_FILE, DAY_FAILED -> 400;
        };
        ApiErrors.send(ctx, status, status == 422 ? "unprocessable" : status == 503 ? "unavailable" : "bad request", e.getMessage());
      } else {
        ApiErrors.fail(ctx, err);
      }
    });
  }

  void get(RoutingContext ctx) {
    Job job = jobs.get(ctx.pathParam("id"));
    if (job == null) {
      ApiErrors.send(ctx, 404, "not found", "no backtest " + UntrustedText.abbreviate(ctx.pathParam("id"), 60) + " (the newest " + KEPT + " are kept)");
      return;
    }
    ctx.response().putHeader("content-type", "application/json").end(Json.toBuffer(job.view(true)));
  }

  void list(RoutingContext ctx) {
    ObjectNode page = Json.MAPPER.createObjectNode();
    ArrayNode list = page.putArray("backtests");
    List<Job> newestFirst = new ArrayList<>(jobs.values());
    java.util.Collections.reverse(newestFirst);
    newestFirst.forEach(job -> list.add(job.view(false)));
    ctx.response().putHeader("content-type", "application/json").end(Json.toBuffer(page));
  }

  private void forgetOld() {
    Iterator<Job> oldest = jobs.values().iterator();
    while (jobs.size() > KEPT && oldest.hasNext()) {
      if (!oldest.next().status.equals("running")) {
        oldest.remove();
      }
    }
  }

  /**
   * The request body, already checked by the contract (its fields, their types, 1 to 20 strategies);
   * here what a schema cannot say: a strategy's text or a bundled example, weights for all or none
   * that sum to 1, real dates. An IllegalArgumentException says what is wrong and where.
   */
  static BacktestRunner.Request parse(Buffer raw) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(raw.getBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + Json.describe(e));
    }
    JsonNode items = body.path("strategies");
    List<BigDecimal> given = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String where = "strategies[" + i + "]";
      String source = item.hasNonNull("source") ? item.get("source").asText() : null;
      String file = item.hasNonNull("file") ? item.get("file").asText() : null;
      if (source == null && (file == null || !file.startsWith("bundled:"))) {
        throw new IllegalArgumentException(where + ": give the symphony's 'source', or a 'file' naming a bundled example "
            + "(bundled:strategies/NAME); the API does not read files on the server");
      }
      files.add(file != null ? file : where);
      sources.add(source);
      if (item.has("weight")) {
        given.add(decimal(item.get("weight"), where + ".weight"));
      }
    }
    if (!given.isEmpty() && given.size() != items.size()) {
      throw new IllegalArgumentException("give a weight to every strategy or to none");
    }
    List<BigDecimal> weights;
    try {
      weights = StrategyWeights.resolve(given.isEmpty() ? null : given, items.size());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("--weights", "the strategies' weights"));
    }
    List<BacktestRunner.StrategyInput> strategies = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      strategies.add(new BacktestRunner.StrategyInput(files.get(i), sources.get(i), weights.get(i)));
    }
    return new BacktestRunner.Request(BacktestRunner.newId(), strategies, date(body, "from"), date(body, "to"),
        optional(body, "cash", "100000"), optional(body, "threshold", "0"), optional(body, "feeBps", "0"),
        optional(body, "slippageBps", "0"), optional(body, "cashReserve", "0"));
  }

  private static LocalDate date(JsonNode body, String field) {
    if (!body.hasNonNull(field)) {
      throw new IllegalArgumentException("'" + field + "' is required (YYYY-MM-DD)");
    }
    try {
      return LocalDate.parse(body.get(field).asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + field + "' must be a date YYYY-MM-DD, was '" + UntrustedText.abbreviate(body.get(field).asText(), 60) + "'");
    }
  }

  private static BigDecimal optional(JsonNode body, String field, String fallback) {
    return body.hasNonNull(field) ? decimal(body.get(field), field) : new BigDecimal(fallback);
  }

  private static BigDecimal decimal(JsonNode node, String where) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.asText());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(where + " must be a number, was " + UntrustedText.abbreviate(node.toString(), 60));
  }
}
