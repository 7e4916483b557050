package io.alchemiser.shared.trading;

import io.alchemiser.shared.json.Json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link StrategySignal} straight from the parser, as strictly as before (every field
 * required but {@code holding}, which a strategy that rebalances leaves out; unknown fields
 * ignored; decimals exact, also when written as strings). Before, each signal became a map of
 * untyped values and was converted again, on every SignalGenerated another JVM decodes.
 */
final class StrategySignalReader extends StdDeserializer<StrategySignal> {
  private static final List<String> REQUIRED = List.of("name", "weight", "allocation", "trace");

  StrategySignalReader() {
    super(StrategySignal.class);
  }

  @Override
  public StrategySignal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.isExpectedStartObjectToken()) {
      return (StrategySignal) ctxt.handleUnexpectedToken(StrategySignal.class, p);
    }
    String name = null;
    BigDecimal weight = null;
    Map<String, BigDecimal> allocation = null;
    List<String> trace = null;
    String holding = null;
    int seen = 0;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      int required = REQUIRED.indexOf(field);
      if (required >= 0) {
        seen |= 1 << required;
      }
      switch (field) {
        case "name" -> name = text(p, ctxt, token, "strategies[].name");
        case "weight" -> weight = decimal(p, ctxt, token, "strategies[].weight");
        case "allocation" -> allocation = allocation(p, ctxt, token);
        case "trace" -> trace = trace(p, ctxt, token);
        case "holding" -> holding = text(p, ctxt, token, "strategies[].holding");
        // Unknown fields are ignored, as for every record (a newer node may add one).
        default -> p.skipChildren();
      }
    }
    for (int field = 0; field < REQUIRED.size(); field++) {
      if ((seen & (1 << field)) == 0) {
        return ctxt.reportInputMismatch(this, "strategies[].%s is missing", REQUIRED.get(field));
      }
    }
    if (allocation == null) {
      return ctxt.reportInputMismatch(this, "strategies[].allocation must be an object");
    }
    try {
      return new StrategySignal(name, weight, allocation, trace == null ? List.of() : trace, holding);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ctxt.instantiationException(StrategySignal.class, e);
    }
  }

  private Map<String, BigDecimal> allocation(JsonParser p, DeserializationContext ctxt, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      return ctxt.reportInputMismatch(this, "strategies[].allocation must be an object");
    }
    Map<String, BigDecimal> weights = new LinkedHashMap<>();
    for (String symbol = p.nextFieldName(); symbol != null; symbol = p.nextFieldName()) {
      weights.put(symbol, decimal(p, ctxt, p.nextToken(), "strategies[].allocation." + symbol));
    }
    return weights;
  }

  private List<String> trace(JsonParser p, DeserializationContext ctxt, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      return ctxt.reportInputMismatch(this, "strategies[].trace must be an array");
    }
    List<String> lines = new ArrayList<>();
    for (JsonToken line = p.nextToken(); line != JsonToken.END_ARRAY; line = p.nextToken()) {
      if (!line.isScalarValue()) {
        return ctxt.reportInputMismatch(this, "strategies[].trace must hold lines of text, had %s", Json.valueForError(p, line));
      }
      lines.add(p.getText());
    }
    return lines;
  }

  private String text(JsonParser p, DeserializationContext ctxt, JsonToken token, String where) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    return ctxt.reportInputMismatch(this, "%s must be a string, was %s", where, Json.valueForError(p, token));
  }

  private BigDecimal decimal(JsonParser p, DeserializationContext ctxt, JsonToken token, String where) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDecimalValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      try {
        return new BigDecimal(p.getText());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    return ctxt.reportInputMismatch(this, "%s must be a number, was %s", where, Json.valueForError(p, token));
  }
}
