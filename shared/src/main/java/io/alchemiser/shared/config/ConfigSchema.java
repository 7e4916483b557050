package io.alchemiser.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every setting Alchemiser knows: the node's own ({@link #NODE_KEYS}) and each plugin's (its
 * {@code configKeys()}; {@code Plugins.configSchema()} collects them). A key in a config file, environment variable or system
 * property that is not one of them stops the start: in a system that moves money a misspelled
 * limit must not silently fall back to its default.
 */
public final class ConfigSchema {
  /** Settings of the node, the market data and the Alpaca account, read by more than one module. */
  public static final List<ConfigKey> NODE_KEYS = nodeKeys();

  private final Map<String, ConfigKey> keys = new LinkedHashMap<>();

  public ConfigSchema(Collection<ConfigKey> keys) {
    keys.forEach(key -> this.keys.put(key.path(), key));
  }

  private static List<ConfigKey> nodeKeys() {
    List<ConfigKey> keys = new ArrayList<>();
    keys.add(ConfigKey.of("dataDir"));
    keys.add(ConfigKey.of("modules"));
    keys.addAll(ConfigKey.under("marketData", "provider", "dir", "maxStaleTradingDays", "alpaca.historyDays", "alpaca.cacheSeconds"));
    keys.addAll(ConfigKey.retry("marketData.alpaca.retry"));
    keys.add(ConfigKey.secret("alpaca.keyId"));
    keys.add(ConfigKey.secret("alpaca.secretKey"));
    keys.addAll(ConfigKey.under("alpaca", "baseUrl", "dataUrl"));
    return List.copyOf(keys);
  }

  public Collection<ConfigKey> keys() {
    return keys.values();
  }

  /** Whether a value at this concrete path ({@code a.b[2].c}) is a secret, or lies under one. */
  public boolean isSecret(String path) {
    String pattern = pattern(path);
    for (ConfigKey key : keys.values()) {
      if (key.secret() && (pattern.equals(key.path()) || pattern.startsWith(key.path() + "."))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code path} (concrete or pattern) is a setting, or lies under a wildcard one. */
  public boolean isKnown(String path) {
    String pattern = pattern(path);
    if (keys.containsKey(pattern)) {
      return true;
    }
    for (ConfigKey key : keys.values()) {
      if (key.wildcard() && pattern.startsWith(key.path().substring(0, key.path().length() - 1))) {
        return true;
      }
    }
    return false;
  }

  /** Whether some setting lies below {@code path} (a section, or a list of sections). */
  private boolean isSection(String pattern) {
    for (String key : keys.keySet()) {
      if (key.startsWith(pattern + ".") || key.startsWith(pattern + "[]")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Throws a {@link ConfigException} naming {@code origin} (a file, variable or property) and the
   * first unknown key in {@code values}, with the closest known key.
   */
  public void check(JsonObject values, String origin) {
    checkObject(values, "", origin);
  }

  private void checkObject(JsonObject object, String prefix, String origin) {
    for (String field : object.fieldNames()) {
      String path = prefix + field;
      Object value = object.getValue(field);
      if (isKnown(path)) {
        continue;
      }
      String pattern = pattern(path);
      if (value instanceof JsonObject child && isSection(pattern)) {
        checkObject(child, path + ".", origin);
      } else if (value instanceof JsonArray list && isSection(pattern)) {
        for (int i = 0; i < list.size(); i++) {
          if (list.getValue(i) instanceof JsonObject item) {
            checkObject(item, path + "[" + i + "].", origin);
          }
        }
      } else if (!isSection(pattern)) {
        throw unknown(path, origin);
      }
    }
  }

  /** The error for a key nobody reads, with the closest one somebody does. */
  public ConfigException unknown(String path, String origin) {
    String suggestion = closest(path);
    return new ConfigException(path, "is not a setting Alchemiser knows (in " + origin + ")"
        + (suggestion == null ? "; the settings are listed in the README and by 'alchemiser config check'"
        : "; did you mean '" + suggestion + "'?"));
  }

  /** The known key nearest to {@code path} in spelling, or null when none is near. */
  public String closest(String path) {
    String pattern = pattern(path);
    return nearest(pattern, keys.keySet(), Math.max(2, pattern.length() / 4), true);
  }

  /**
   * Of {@code candidates}, the one nearest to {@code wanted} in edit distance (the first in sorted
   * order on a tie), or null when none is within {@code maxDistance}.
   */
  static String nearest(String wanted, java.util.Collection<String> candidates, int maxDistance, boolean ignoreCase) {
    String target = ignoreCase ? wanted.toLowerCase(java.util.Locale.ROOT) : wanted;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(candidates)) {
      int distance = distance(target, ignoreCase ? candidate.toLowerCase(java.util.Locale.ROOT) : candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return bestDistance <= maxDistance ? best : null;
  }

  /** A concrete path with its list indexes replaced by {@code []}. */
  static String pattern(String path) {
    return path.replaceAll("\\[\\d+]", "[]");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
