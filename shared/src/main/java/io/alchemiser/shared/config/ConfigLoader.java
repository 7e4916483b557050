package io.alchemiser.shared.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads the config, later layers overriding earlier ones: the defaults bundled in the jar (from
 * {@code config/defaults.yaml}), then {@code --config FILE} (YAML or JSON), then the environment
 * variables of {@link #ENVIRONMENT}, then system properties {@code alchemiser.<key>}. Every key of
 * the file, every {@code ALCHEMISER_*} variable and every {@code alchemiser.*} property must be a
 * setting of the {@link ConfigSchema}; the bundled defaults are ours and checked by a test.
 */
public final class ConfigLoader {
  /** {@code config/defaults.yaml} of the repository, bundled into the jar under this name. */
  public static final String DEFAULTS_RESOURCE = "alchemiser/defaults.yaml";
  public static final String SYSTEM_PROPERTY_PREFIX = "alchemiser.";

  /** Environment variable → config key. The README documents every one. */
  public static final Map<String, String> ENVIRONMENT = environment();

  private ConfigLoader() {
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ALCHEMISER_DATA_DIR", "dataDir");
    env.put("ALCHEMISER_MODULES", "modules");
    env.put("ALCHEMISER_WORKFLOW_TIMEOUT", "orchestrator.workflowTimeoutSeconds");
    env.put("ALCHEMISER_MARKET_DATA", "marketData.provider");
    env.put("ALCHEMISER_MARKET_DATA_DIR", "marketData.dir");
    env.put("ALCHEMISER_BROKER", "execution.broker");
    env.put("ALCHEMISER_PAPER_STARTING_CASH", "execution.paper.startingCash");
    env.put("ALCHEMISER_CASH_RESERVE", "portfolio.cashReserve");
    env.put("ALCHEMISER_MIN_TRADE_VALUE", "portfolio.minTradeValue");
    env.put("ALCHEMISER_CLUSTER_HOST", "cluster.host");
    env.put("ALCHEMISER_CLUSTER_PORT", "cluster.port");
    env.put("ALCHEMISER_CLUSTER_MEMBERS", "cluster.members");
    env.put("ALCHEMISER_CLUSTER_NAME", "cluster.name");
    env.put("ALCHEMISER_CLUSTER_MANAGER", "cluster.manager");
    env.put("ALCHEMISER_CLUSTER_BUS_PORT", "cluster.busPort");
    env.put("ALCHEMISER_CLUSTER_TLS_CERT", "cluster.tls.cert");
    env.put("ALCHEMISER_CLUSTER_TLS_KEY", "cluster.tls.key");
    env.put("ALCHEMISER_CLUSTER_TLS_CA", "cluster.tls.ca");
    env.put("ALCHEMISER_SCHEDULE", "scheduleCron");
    env.put("ALCHEMISER_SCHEDULE_CALENDAR", "scheduleCalendar");
    env.put("ALCHEMISER_API_TOKEN", "web.apiToken");
    env.put("ALCHEMISER_HTTP_PORT", "web.port");
    env.put("ALCHEMISER_WEB_HOST", "web.host");
    env.put("ALCHEMISER_WEB_TLS_CERT", "web.tls.cert");
    env.put("ALCHEMISER_WEB_TLS_KEY", "web.tls.key");
    env.put("ALCHEMISER_SMTP_HOST", "notifications.email.host");
    env.put("ALCHEMISER_SMTP_PORT", "notifications.email.port");
    env.put("ALCHEMISER_SMTP_TLS", "notifications.email.tls");
    env.put("ALCHEMISER_SMTP_USER", "notifications.email.user");
    env.put("ALCHEMISER_SMTP_PASSWORD", "notifications.email.password");
    env.put("ALCHEMISER_EMAIL_FROM", "notifications.email.from");
    env.put("ALCHEMISER_EMAIL_TO", "notifications.email.to");
    env.put("ALCHEMISER_WEBHOOK_URL", "notifications.webhook.url");
    env.put("ALCHEMISER_WEBHOOK_SECRET", "notifications.webhook.secret");
    // Alpaca's own names, as its SDKs read them.
    env.put("APCA_API_KEY_ID", "alpaca.keyId");
    env.put("APCA_API_SECRET_KEY", "alpaca.secretKey");
    env.put("APCA_API_BASE_URL", "alpaca.baseUrl");
    env.put("APCA_API_DATA_URL", "alpaca.dataUrl");
    return Map.copyOf(env);
  }

  /** Environment variables of ours that are not settings: read by the launcher script and the logging set-up. */
  public static final java.util.Set<String> NON_CONFIG_ENVIRONMENT =
      java.util.Set.of("ALCHEMISER_JAVA_OPTS", "ALCHEMISER_LOG_FORMAT", "ALCHEMISER_LOG_LEVEL", "ALCHEMISER_LOG_FILE");
  /** System properties of ours that are not settings (the logging level). */
  public static final java.util.Set<String> NON_CONFIG_PROPERTIES = java.util.Set.of("alchemiser.log.level");

  /** The config a node runs with; fails with a {@link ConfigException} on an unknown key or an unreadable file. */
  public static Future<JsonObject> load(Vertx vertx, Path file, ConfigSchema schema) {
    return loadEffective(vertx, file, schema).map(EffectiveConfig::config);
  }

  /** The config with the source of each value, read off the event loop. */
  public static Future<EffectiveConfig> loadEffective(Vertx vertx, Path file, ConfigSchema schema) {
    return vertx.executeBlocking(() -> effective(file, System.getenv(), System.getProperties(), schema), false);
  }

  /** Defaults, then the file, then the environment, then system properties; every key checked against {@code schema}. */
  public static EffectiveConfig effective(Path file, Map<String, String> env, java.util.Properties properties, ConfigSchema schema) {
    JsonObject defaults;
    try {
      defaults = bundledDefaults();
    } catch (RuntimeException e) {
      throw new ConfigException(DEFAULTS_RESOURCE, "bundled defaults cannot be read: " + e.getMessage());
    }
    ConfigLayers layers = new ConfigLayers();
    layers.add(defaults, new EffectiveConfig.Origin("default", null), "defaults");
    if (file != null) {
      JsonObject fromFile = readFile(file);
      schema.check(fromFile, file.toString());
      layers.add(fromFile, new EffectiveConfig.Origin("file", file.toString()), file.toString());
    }
    JsonObject fromEnv = new JsonObject();
    Map<String, EffectiveConfig.Origin> envOrigins = new java.util.HashMap<>();
    for (Map.Entry<String, String> variable : new java.util.TreeMap<>(env).entrySet()) {
      String name = variable.getKey();
      String key = ENVIRONMENT.get(name);
      if (key != null) {
        ConfigLayers.setPath(fromEnv, key, variable.getValue());
        envOrigins.put(key, new EffectiveConfig.Origin("env", name));
      } else if (name.startsWith("ALCHEMISER_") && !NON_CONFIG_ENVIRONMENT.contains(name)) {
        throw unknownVariable(name);
      }
    }
    layers.add(fromEnv, envOrigins, "environment");
    JsonObject fromProperties = new JsonObject();
    Map<String, EffectiveConfig.Origin> propertyOrigins = new java.util.HashMap<>();
    for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      if (!name.startsWith(SYSTEM_PROPERTY_PREFIX) || NON_CONFIG_PROPERTIES.contains(name)) {
        continue;
      }
      String key = name.substring(SYSTEM_PROPERTY_PREFIX.length());
      if (!schema.isKnown(key)) {
        throw schema.unknown(key, "system property -D" + name);
      }
      ConfigLayers.setPath(fromProperties, key, properties.getProperty(name));
      propertyOrigins.put(key, new EffectiveConfig.Origin("system property", "-D" + name));
    }
    layers.add(fromProperties, propertyOrigins, "system properties");
    return new EffectiveConfig(layers.merged(), layers.origins(), schema, layers.names());
  }

  private static ConfigException unknownVariable(String name) {
    String best = ConfigSchema.nearest(name, ENVIRONMENT.keySet(), 3, false);
    return new ConfigException(name, "environment variable is not a setting Alchemiser knows"
        + (best != null ? "; did you mean " + best + "?" : "; the variables are listed in the README"));
  }

  /** A YAML or JSON file of settings, or a {@link ConfigException} naming the file and what is wrong. */
  static JsonObject readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("--config", "no such file: " + file);
    }
    Object tree;
    try {
      String text = Files.readString(file);
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
        tree = text.isBlank() ? null : new JsonObject(text);
      } else {
        tree = jsonValue(yaml().load(text));
      }
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException(file.toString(), "cannot be read: " + rootMessage(e).replaceAll("\\s+", " "));
    }
    if (tree == null) {
      return new JsonObject();
    }
    if (!(tree instanceof JsonObject object)) {
      throw new ConfigException(file.toString(), "must be a map of settings");
    }
    return object;
  }

  /** SnakeYAML's tree as JSON values (a date stays as it was written, as text). */
  private static Object jsonValue(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((k, v) -> object.put(String.valueOf(k), jsonValue(v)));
      return object;
    }
    if (yaml instanceof java.util.List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(jsonValue(item)));
      return array;
    }
    if (yaml == null || yaml instanceof String || yaml instanceof Number || yaml instanceof Boolean) {
      return yaml;
    }
    if (yaml instanceof java.util.Date date) {
      return date.toInstant().toString();
    }
    return yaml.toString();
  }

  /**
   * A YAML reader whose booleans are {@code true} and {@code false} only (YAML 1.2's), not also YAML 1.1's
   * {@code on}, {@code off}, {@code yes} and {@code no}: with those, the key {@code notifications.on}
   * read as {@code true} and was refused as the unknown setting {@code notifications.true}. A value
   * written {@code yes} or {@code off} is now text, which {@link ConfigReader#bool} still reads as a boolean.
   */
  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    return new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(), options, new org.yaml.snakeyaml.resolver.Resolver() {
          @Override
          public org.yaml.snakeyaml.nodes.Tag resolve(org.yaml.snakeyaml.nodes.NodeId kind, String value, boolean implicit) {
            org.yaml.snakeyaml.nodes.Tag tag = super.resolve(kind, value, implicit);
            return tag.equals(org.yaml.snakeyaml.nodes.Tag.BOOL) && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")
                ? org.yaml.snakeyaml.nodes.Tag.STR : tag;
          }
        });
  }

  /** The defaults read from the class path, never from a file of the same name in the working directory. */
  public static JsonObject bundledDefaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is not on the class path");
      }
      Object tree = yaml().load(in);
      if (!(tree instanceof Map<?, ?> map)) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is not a map of settings");
      }
      return (JsonObject) jsonValue(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rootMessage(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
