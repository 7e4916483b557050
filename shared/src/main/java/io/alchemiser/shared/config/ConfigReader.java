package io.alchemiser.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed, validated reads from one section of the config. Values from environment variables arrive
 * as strings, so numbers and booleans are accepted in either form. Every error names the full key.
 */
public final class ConfigReader {
  private final JsonObject json;
  private final String prefix;

  public ConfigReader(JsonObject json, String prefix) {
    this.json = json == null ? new JsonObject() : json;
    this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix + ".";
  }

  public static ConfigReader root(JsonObject config) {
    return new ConfigReader(config, "");
  }

  public String key(String name) {
    return prefix + name;
  }

  public JsonObject raw() {
    return json;
  }

  public boolean has(String name) {
    return json.getValue(name) != null;
  }

  public ConfigReader section(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return new ConfigReader(new JsonObject(), key(name));
    }
    if (value instanceof JsonObject object) {
      return new ConfigReader(object, key(name));
    }
    throw new ConfigException(key(name), "must be a map of settings, was '" + value + "'");
  }

  public String string(String name, String fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      throw new ConfigException(key(name), "must be a single value, was " + value);
    }
    String text = value.toString().trim();
    return text.isEmpty() ? fallback : text;
  }

  public String requiredString(String name) {
    String value = string(name, null);
    if (value == null) {
      throw new ConfigException(key(name), "is required");
    }
    return value;
  }

  public String oneOf(String name, String fallback, Set<String> allowed) {
    String value = string(name, fallback);
    if (value == null) {
      return null;
    }
    String normalized = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(normalized)) {
      throw new ConfigException(key(name), "must be one of " + new java.util.TreeSet<>(allowed) + ", was '" + value + "'");
    }
    return normalized;
  }

  public long positiveLong(String name, long fallback) {
    long value = longValue(name, fallback);
    if (value <= 0) {
      throw new ConfigException(key(name), "must be a positive whole number, was " + value);
    }
    return value;
  }

  public int positiveInt(String name, int fallback) {
    long value = positiveLong(name, fallback);
    if (value > Integer.MAX_VALUE) {
      throw new ConfigException(key(name), "must be at most " + Integer.MAX_VALUE + ", was " + value);
    }
    return (int) value;
  }

  private long longValue(String name, long fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    try {
      BigDecimal number = new BigDecimal(value.toString().trim());
      return number.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(key(name), "must be a whole number, was '" + value + "'");
    }
  }

  /**
   * An http or https URL, or {@code fallback} (which may be null) when the key is not set. The value
   * is not repeated in errors: a webhook URL often carries a secret.
   */
  public java.net.URI httpUrl(String name, String fallback) {
    String url = string(name, fallback);
    if (url == null) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(key(name), "is not a URL");
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new ConfigException(key(name), "must be an http(s) URL");
    }
    return uri;
  }

  public BigDecimal decimal(String name, BigDecimal fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    try {
      return new BigDecimal(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key(name), "must be a number, was '" + value + "'");
    }
  }

  public BigDecimal nonNegativeDecimal(String name, BigDecimal fallback) {
    BigDecimal value = decimal(name, fallback);
    if (value != null && value.signum() < 0) {
      throw new ConfigException(key(name), "must not be negative, was " + value.toPlainString());
    }
    return value;
  }

  public boolean bool(String name, boolean fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    // yes/no and on/off: what YAML 1.1 read as booleans, which a config file may still say.
    if (text.equals("true") || text.equals("yes") || text.equals("on") || text.equals("1")) {
      return true;
    }
    if (text.equals("false") || text.equals("no") || text.equals("off") || text.equals("0")) {
      return false;
    }
    throw new ConfigException(key(name), "must be true or false, was '" + value + "'");
  }

  /** A list given as a YAML/JSON list or as a comma-separated string (as environment variables give it). */
  public List<String> stringList(String name, List<String> fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    List<String> items = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item == null || item instanceof JsonObject || item instanceof JsonArray) {
          throw new ConfigException(key(name), "must be a list of names, has '" + item + "'");
        }
        items.add(item.toString().trim());
      }
    } else {
      for (String part : value.toString().split(",")) {
        if (!part.isBlank()) {
          items.add(part.trim());
        }
      }
    }
    return List.copyOf(items);
  }

  public List<ConfigReader> sectionList(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(key(name), "must be a list");
    }
    List<ConfigReader> sections = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof JsonObject object)) {
        throw new ConfigException(key(name) + "[" + i + "]", "must be a map of settings, was '" + item + "'");
      }
      sections.add(new ConfigReader(object, key(name) + "[" + i + "]"));
    }
    return sections;
  }
}
