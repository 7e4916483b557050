package io.alchemiser.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The config a node runs with, and where each value came from: the last of the bundled defaults, the
 * {@code --config} file, an environment variable, a system property or a command line option that set it.
 */
public record EffectiveConfig(JsonObject config, Map<String, Origin> origins, ConfigSchema schema, List<String> layers) {
  public static final String MASK = "********";

  /** One value's source: {@code default}, {@code file}, {@code env}, {@code system property} or {@code command line}, and its name. */
  public record Origin(String kind, String name) {
    @Override
    public String toString() {
      return name == null ? kind : kind + " " + name;
    }
  }

  /** One setting as shown to an operator: secrets masked. */
  public record Setting(String key, Object value, Origin origin) {
  }

  public EffectiveConfig {
    origins = Collections.unmodifiableMap(new TreeMap<>(origins));
    layers = List.copyOf(layers);
  }

  /**
   * This config with {@code value} at the dotted {@code key} on top of every layer, from {@code origin}
   * (a command line option): what a command changes is shown where the rest is, with where it came from.
   */
  public EffectiveConfig with(String key, Object value, Origin origin) {
    ConfigLayers on = new ConfigLayers(config, origins, layers);
    JsonObject values = new JsonObject();
    ConfigLayers.setPath(values, key, value);
    // A command's own default (serve's modules) is one of the defaults, not a layer of its own.
    on.add(values, origin, origin.kind().equals("default") ? "defaults" : origin.kind());
    return new EffectiveConfig(on.merged(), on.origins(), schema, on.names());
  }

  /** Where the value at {@code key} came from, or null when nothing sets it. */
  public Origin origin(String key) {
    return origins.get(key);
  }

  /** Every value that is set, by key, secrets masked (a list is one value). */
  public List<Setting> settings() {
    return origins.entrySet().stream()
        .map(e -> new Setting(e.getKey(), shown(e.getKey()), e.getValue()))
        .filter(s -> s.value() != null)
        .toList();
  }

  private Object shown(String path) {
    Object value = valueAt(path);
    if (value == null) {
      return null;
    }
    return schema.isSecret(path) ? MASK : value;
  }

  private Object valueAt(String path) {
    Object node = config;
    for (String part : path.split("\\.")) {
      String name = part;
      Integer index = null;
      int bracket = part.indexOf('[');
      if (bracket >= 0) {
        name = part.substring(0, bracket);
        index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
      }
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(name);
      if (index != null) {
        node = node instanceof JsonArray array && index < array.size() ? array.getValue(index) : null;
      }
    }
    return node;
  }

  /** The settings as one line each, for the start-up log and {@code config check}. */
  public String summary() {
    StringBuilder out = new StringBuilder("effective configuration (").append(String.join(" < ", layers)).append("; secrets masked):");
    for (Setting setting : settings()) {
      out.append(System.lineSeparator()).append("  ").append(setting.key()).append(" = ")
          .append(setting.value() instanceof JsonArray list ? list.encode() : setting.value())
          .append("  [").append(setting.origin()).append(']');
    }
    return out.toString();
  }

  /** The same as JSON: {@code {"layers": [...], "settings": [{key, value, source, origin}]}}. */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    for (Setting setting : settings()) {
      JsonObject item = new JsonObject().put("key", setting.key()).put("value", setting.value()).put("source", setting.origin().kind());
      if (setting.origin().name() != null) {
        item.put("origin", setting.origin().name());
      }
      list.add(item);
    }
    return new JsonObject().put("layers", new JsonArray(layers)).put("settings", list);
  }
}
