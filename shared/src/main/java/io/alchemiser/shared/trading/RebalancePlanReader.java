package io.alchemiser.shared.trading;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads a {@link RebalancePlan} as strictly as every other record (every field but
 * {@code holdReason} required; a plan that trades leaves that one out, so the wire and the journal
 * are what they were before it), straight from the parser: decimals keep their scale, and no
 * intermediate map is built and converted again (that double decoding was a twentieth of a cluster
 * orchestrator's CPU).
 */
final class RebalancePlanReader extends StdDeserializer<RebalancePlan> implements ResolvableDeserializer {
  private static final JavaType DECIMAL = TypeFactory.defaultInstance().constructType(BigDecimal.class);
  private static final JavaType TRADES = TypeFactory.defaultInstance().constructCollectionType(List.class, PlannedTrade.class);
  private static final List<String> REQUIRED = List.of("equity", "cash", "cashReserve", "totalSellValue", "totalBuyValue", "trades");

  /** Found once, when the mapper first needs this reader: a look-up per field cost more than the map this reader replaced. */
  private JsonDeserializer<Object> decimals;
  private JsonDeserializer<Object> trades;

  RebalancePlanReader() {
    super(RebalancePlan.class);
  }

  @Override
  public void resolve(DeserializationContext ctxt) throws JsonMappingException {
    decimals = ctxt.findRootValueDeserializer(DECIMAL);
    trades = ctxt.findRootValueDeserializer(TRADES);
  }

  @Override
  public RebalancePlan deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.isExpectedStartObjectToken()) {
      return (RebalancePlan) ctxt.handleUnexpectedToken(RebalancePlan.class, p);
    }
    BigDecimal[] amounts = new BigDecimal[5];
    List<PlannedTrade> lines = null;
    String holdReason = null;
    int seen = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      int field = REQUIRED.indexOf(name);
      if (field >= 0) {
        seen |= 1 << field;
      }
      if (field >= 0 && field < amounts.length) {
        amounts[field] = (BigDecimal) read(p, ctxt, name, decimals);
      } else if (field == amounts.length) {
        lines = castTrades(read(p, ctxt, name, trades));
      } else if (name.equals("holdReason")) {
        if (token != JsonToken.VALUE_NULL && token != JsonToken.VALUE_STRING) {
          return (RebalancePlan) ctxt.reportInputMismatch(this, "plan.holdReason must be a string, was %s", token);
        }
        holdReason = token == JsonToken.VALUE_NULL ? null : p.getText();
      } else {
        // Unknown fields are ignored, as for every record (a newer node may add one).
        p.skipChildren();
      }
    }
    for (int field = 0; field < REQUIRED.size(); field++) {
      if ((seen & (1 << field)) == 0) {
        return (RebalancePlan) ctxt.reportInputMismatch(this, "plan.%s is missing", REQUIRED.get(field));
      }
    }
    try {
      return new RebalancePlan(amounts[0], amounts[1], amounts[2], amounts[3], amounts[4], lines, holdReason);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ctxt.instantiationException(RebalancePlan.class, e);
    }
  }

  /** The field's value (null for JSON null: the record's own checks then name it), its name on the path of any error. */
  private static Object read(JsonParser p, DeserializationContext ctxt, String name, JsonDeserializer<Object> reader) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    try {
      return reader.deserialize(p, ctxt);
    } catch (JsonMappingException e) {
      // Read outside the bean machinery: the field's name goes on the error's path by hand.
      throw JsonMappingException.wrapWithPath(e, RebalancePlan.class, name);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<PlannedTrade> castTrades(Object value) {
    return (List<PlannedTrade>) value;
  }
}
