package io.alchemiser.shared.client;

import io.vertx.core.json.JsonObject;

/** Reading the fields of a request to the orchestrator, with an error that names the field, never a ClassCastException. */
final class Requests {
  private Requests() {
  }

  static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "'" + field + "' must be a string");
  }

  static Long number(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.longValue();
    }
    throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "'" + field + "' must be a whole number");
  }

  static boolean flag(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "'" + field + "' must be true or false");
  }
}
