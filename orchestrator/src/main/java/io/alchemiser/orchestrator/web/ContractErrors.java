package io.alchemiser.orchestrator.web;

import io.alchemiser.shared.logging.UntrustedText;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request the OpenAPI contract refuses, as our one error shape: 400 with a {@code detail} that
 * names the offending field (as a path into the body, or the parameter) and what the contract
 * expects there; 415 for a body that is not sent as JSON. Any other failure goes on to the router's
 * error handler for its status.
 */
final class ContractErrors {
  /** The contract as read, where a refusal's rule (a pattern) is looked up to be named in the answer. */
  private final JsonObject contract;

  ContractErrors(JsonObject contract) {
    this.contract = contract;
  }

  /** A route's failure handler: the contract's refusals answered here, anything else passed on by its status. */
  void send(RoutingContext ctx) {
    ValidatorException refused = refusal(ctx.failure());
    if (refused != null) {
      answer(ctx, refused);
      return;
    }
    // A body too large, a handler's failure: the router's error handler for its status answers.
    ctx.next();
  }

  /** The router's handler for every other 400. */
  void badRequest(RoutingContext ctx) {
    ValidatorException refused = refusal(ctx.failure());
    if (refused != null) {
      answer(ctx, refused);
      return;
    }
    ApiErrors.send(ctx, 400, "bad request",
        ctx.failure() != null && ctx.failure().getMessage() != null ? ctx.failure().getMessage() : "the request is malformed");
  }

  private void answer(RoutingContext ctx, ValidatorException refused) {
    if (refused.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT && String.valueOf(refused.getMessage()).contains("request body")) {
      // curl -d sends a form's content type: say what to send instead of "format not supported".
      String sent = ctx.request().getHeader("content-type");
      ApiErrors.send(ctx, 415, "unsupported media type", "the body must be JSON, sent with Content-Type: application/json"
          + (sent == null ? "" : " (this request's: " + UntrustedText.abbreviate(sent, 80) + ")"));
      return;
    }
    ApiErrors.send(ctx, 400, "bad request", describe(refused));
  }

  /** The router wraps the validator's finding in an HttpException(400). */
  private static ValidatorException refusal(Throwable failure) {
    Throwable cause = failure instanceof io.vertx.ext.web.handler.HttpException http && http.getCause() != null ? http.getCause() : failure;
    return cause instanceof ValidatorException refused ? refused : null;
  }

  /** {@code dryRun: Instance type string is invalid. Expected boolean} rather than the validator's account of its whole walk. */
  String describe(ValidatorException refused) {
    String message = refused.getMessage() == null ? "the request breaks the contract" : refused.getMessage();
    Matcher parameter = PARAMETER.matcher(message);
    if (parameter.find()) {
      // "The value of query parameter limit is invalid. Reason: 0 is less than 1"
      return parameter.group(2) + " (" + parameter.group(1) + " parameter): " + reason(refused, message.substring(parameter.end()));
    }
    if (refused instanceof SchemaValidationException invalid && invalid.getOutputUnit() != null) {
      OutputUnit leaf = leaf(invalid.getOutputUnit());
      String where = field(leaf.getInstanceLocation());
      String error = leaf.getError() != null ? leaf.getError() : message;
      if (error.contains("does not match additional properties schema")) {
        error = "unknown field (see /openapi.yaml for the fields this request takes)";
      } else if (error.equals("String does not match pattern")) {
        String pattern = rule(leaf);
        error = pattern == null ? error : error + " " + pattern;
      }
      return (where.isEmpty() ? "the body" : where) + ": " + error;
    }
    return message.equals("The request body can't be decoded") ? "the body is not JSON" : message;
  }

  private static final Pattern PARAMETER = Pattern.compile("The value of (\\w+) parameter (\\S+) is invalid\\. Reason: ");

  private static String reason(ValidatorException refused, String fallback) {
    if (refused instanceof SchemaValidationException invalid && invalid.getOutputUnit() != null) {
      OutputUnit leaf = leaf(invalid.getOutputUnit());
      if (leaf.getError() != null) {
        return leaf.getError();
      }
    }
    return fallback;
  }

  /**
   * The most specific finding: the deepest unit without errors of its own, a type or pattern
   * mismatch preferred to the "property does not match" that only reports it upwards.
   */
  private static OutputUnit leaf(OutputUnit unit) {
    List<OutputUnit> errors = unit.getErrors();
    if (errors == null || errors.isEmpty()) {
      return unit;
    }
    OutputUnit best = null;
    for (OutputUnit error : errors) {
      OutputUnit candidate = leaf(error);
      if (best == null || rank(candidate) > rank(best)) {
        best = candidate;
      }
    }
    return best;
  }

  private static int rank(OutputUnit unit) {
    String location = unit.getInstanceLocation();
    int depth = location == null ? 0 : location.split("/").length;
    boolean reportOnly = unit.getError() == null || unit.getError().startsWith("Property ") && !unit.getError().contains("additional properties")
        || unit.getError().startsWith("A subschema");
    return depth * 2 + (reportOnly ? 0 : 1);
  }

  /** A JSON pointer into the body as a field path: {@code /strategies/0/weight} → {@code strategies[0].weight}. */
  static String field(String pointer) {
    if (pointer == null || pointer.isEmpty() || pointer.equals("#") || pointer.equals("/")) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    for (String part : pointer.replaceFirst("^#", "").split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String name = part.replace("~1", "/").replace("~0", "~");
      if (name.chars().allMatch(Character::isDigit)) {
        path.append('[').append(name).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(name);
      }
    }
    return path.toString();
  }

  /** The value of the keyword a finding broke ({@code app:///#/components/schemas/CorrelationId/pattern}), when it is the contract's text. */
  private String rule(OutputUnit finding) {
    String location = finding.getAbsoluteKeywordLocation();
    int hash = location == null ? -1 : location.indexOf('#');
    if (hash < 0) {
      return null;
    }
    try {
      Object value = JsonPointer.from(location.substring(hash + 1)).queryJson(contract);
      return value instanceof String text ? text : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
