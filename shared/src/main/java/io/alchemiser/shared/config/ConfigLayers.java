package io.alchemiser.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers of settings merged in order: a map merges into a map key by key, anything else (a value, a
 * list) replaces what was there. Each value set remembers the layer that set it.
 */
final class ConfigLayers {
  private final JsonObject merged;
  private final Map<String, EffectiveConfig.Origin> origins;
  private final List<String> names;

  ConfigLayers() {
    this(new JsonObject(), Map.of(), List.of());
  }

  /** Layers merged already, to add more on top (copied: the config they came from stays as it was). */
  ConfigLayers(JsonObject merged, Map<String, EffectiveConfig.Origin> origins, List<String> names) {
    this.merged = merged.copy();
    this.origins = new HashMap<>(origins);
    this.names = new ArrayList<>(names);
  }

  void add(JsonObject values, EffectiveConfig.Origin origin, String name) {
    if (!names.contains(name)) {
      names.add(name);
    }
    merge(merged, values, "", path -> origin);
  }

  /** A layer whose values come from different places (one environment variable each, say), by key. */
  void add(JsonObject values, Map<String, EffectiveConfig.Origin> byKey, String name) {
    if (values.isEmpty()) {
      return;
    }
    names.add(name);
    merge(merged, values, "", byKey::get);
  }

  JsonObject merged() {
    return merged;
  }

  Map<String, EffectiveConfig.Origin> origins() {
    return origins;
  }

  List<String> names() {
    return names;
  }

  /** Sets {@code value} at a dotted {@code path} of {@code config}, making the maps on the way. */
  static void setPath(JsonObject config, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (!(child instanceof JsonObject)) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = (JsonObject) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  private void merge(JsonObject target, JsonObject source, String prefix,
                     java.util.function.Function<String, EffectiveConfig.Origin> originOf) {
    for (String field : source.fieldNames()) {
      String path = prefix + field;
      Object value = source.getValue(field);
      if (value instanceof JsonObject child && target.getValue(field) instanceof JsonObject existing) {
        merge(existing, child, path + ".", originOf);
        continue;
      }
      origins.keySet().removeIf(key -> key.equals(path) || key.startsWith(path + ".") || key.startsWith(path + "["));
      Object copy = value instanceof JsonObject object ? object.copy() : value instanceof JsonArray array ? array.copy() : value;
      target.put(field, copy);
      recordLeaves(path, copy, originOf);
    }
  }

  private void recordLeaves(String path, Object value, java.util.function.Function<String, EffectiveConfig.Origin> originOf) {
    if (value instanceof JsonObject object) {
      object.fieldNames().forEach(field -> recordLeaves(path + "." + field, object.getValue(field), originOf));
    } else if (value instanceof JsonArray array && array.stream().anyMatch(JsonObject.class::isInstance)) {
      for (int i = 0; i < array.size(); i++) {
        recordLeaves(path + "[" + i + "]", array.getValue(i), originOf);
      }
    } else {
      origins.put(path, originOf.apply(path));
    }
  }
}
