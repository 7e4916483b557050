package io.alchemiser.orchestrator.web;

import io.alchemiser.shared.client.WorkflowClientException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one error shape of the API: {@code {"error": "...", "detail": "..."}}, never a stack trace. */
final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {
  }

  static void send(RoutingContext ctx, int status, String error, String detail) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).put("detail", detail).encode());
  }

  /** Maps a failed call to the orchestrator onto an HTTP answer. */
  static void fail(RoutingContext ctx, Throwable err) {
    if (err instanceof WorkflowClientException refused) {
      String error = switch (refused.code()) {
        case WorkflowClientException.BAD_REQUEST -> "bad request";
        case WorkflowClientException.NOT_FOUND -> "not found";
        case WorkflowClientException.CONFLICT -> "conflict";
        default -> "unavailable";
      };
      int status = refused.code() == WorkflowClientException.UNAVAILABLE ? 503 : refused.code();
      send(ctx, status, error, refused.getMessage());
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), err);
      send(ctx, 500, "internal error", "the request could not be served; the server log has the details");
    }
  }
}
