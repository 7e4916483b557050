package io.alchemiser.orchestrator.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;

/**
 * {@code GET /api/account}: the configured broker's account as the portfolio module sees it — cash,
 * equity, and each position with its quantity, price and market value, as exact JSON numbers.
 */
final class AccountApi {
  private static final long TIMEOUT_MS = 15_000;
  private final Vertx vertx;

  AccountApi(Vertx vertx) {
    this.vertx = vertx;
  }

  void get(RoutingContext ctx) {
    vertx.eventBus().<Object>request(Addresses.PORTFOLIO_ACCOUNT, new JsonObject(), new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .onSuccess(reply -> {
          ObjectNode view;
          try {
            view = view((JsonObject) reply.body());
          } catch (RuntimeException e) {
            ApiErrors.send(ctx, 502, "bad gateway", "the portfolio module answered with an account that is not valid: " + e.getMessage());
            return;
          }
          ctx.response().putHeader("content-type", "application/json").end(Json.toBuffer(view));
        })
        .onFailure(err -> {
          if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            ApiErrors.send(ctx, 503, "unavailable", "no portfolio module is running to read the account");
          } else if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            ApiErrors.send(ctx, 504, "timeout", "the portfolio module did not answer within " + TIMEOUT_MS / 1000 + " s");
          } else {
            ApiErrors.send(ctx, 502, "bad gateway", err.getMessage());
          }
        });
  }

  /** The portfolio module's decimal texts as JSON numbers, so that no digit is lost on the way. */
  private static ObjectNode view(JsonObject account) {
    ObjectNode view = Json.MAPPER.createObjectNode();
    view.put("cash", new BigDecimal(account.getString("cash")));
    view.put("equity", new BigDecimal(account.getString("equity")));
    ArrayNode positions = view.putArray("positions");
    for (Object item : account.getJsonArray("positions")) {
      JsonObject position = (JsonObject) item;
      ObjectNode line = positions.addObject().put("symbol", position.getString("symbol"))
          .put("quantity", new BigDecimal(position.getString("quantity")));
      line.put("price", position.getString("price") == null ? null : new BigDecimal(position.getString("price")));
      line.put("marketValue", position.getString("marketValue") == null ? null : new BigDecimal(position.getString("marketValue")));
    }
    return view;
  }
}
