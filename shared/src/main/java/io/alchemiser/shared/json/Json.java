package io.alchemiser.shared.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.stream.Collectors;

/** The one JSON mapper of the project: ISO-8601 times, exact decimals, strict on missing fields. */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      // A missing field must never silently become false or null: a lost dryRun flag would trade.
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();

  private Json() {
  }

  /**
   * JSON bytes of one of our values, for a message body. Bodies are Buffers, not Vert.x JsonObjects,
   * because JsonObject parsing turns decimals into doubles and money must stay exact.
   */
  public static Buffer toBuffer(Object value) {
    return Buffer.buffer(toBytes(value));
  }

  /** The same as bytes (an event's codec keeps them to write them to several nodes). */
  public static byte[] toBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Values of ours always serialize; reaching here is a programming error.
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * A reader per type, its type and root deserializer resolved once: {@code MAPPER.readValue(bytes,
   * type)} resolves both again on every call, a profiled share of decoding another JVM's events.
   */
  private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
    @Override
    protected ObjectReader computeValue(Class<?> type) {
      return MAPPER.readerFor(type);
    }
  };

  /** Reads a message body (Buffer, String or JsonObject) as {@code type}. */
  public static <T> T fromBody(Object body, Class<T> type) throws IOException {
    ObjectReader reader = READERS.get(type);
    if (body instanceof Buffer buffer) {
      return reader.readValue(buffer.getBytes());
    } else if (body instanceof String text) {
      return reader.readValue(text);
    } else if (body instanceof JsonObject json) {
      return reader.readValue(json.encode());
    }
    throw new com.fasterxml.jackson.databind.JsonMappingException(null,
        "body is " + (body == null ? "empty" : "of type " + body.getClass().getSimpleName()) + ", not JSON");
  }

  /** The value under the parser, as an error message names it: its text, or what kind of structure it is. */
  public static String valueForError(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_NULL -> "null";
      default -> p.getText();
    };
  }

  /** A one-line description of a JSON error that names the field and the problem, without a stack. */
  public static String describe(IOException e) {
    String path = "";
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      path = mismatch.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")) + ": ";
    }
    if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
      return path + vie.getCause().getMessage();
    }
    if (e instanceof InvalidFormatException ife) {
      return path + "'" + ife.getValue() + "' is not a valid " + ife.getTargetType().getSimpleName();
    }
    String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    return path + message;
  }
}
