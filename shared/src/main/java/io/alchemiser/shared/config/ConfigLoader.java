package io.alchemiser.shared.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
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
 * Loads the config with Vert.x Config, later stores overriding earlier ones: the defaults bundled
 * in the jar (from {@code config/defaults.yaml}), then {@code --config FILE} (YAML or JSON), then
 * the environment variables of {@link #ENVIRONMENT}, then system properties {@code alchemiser.<key>}.
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
    env.put("ALCHEMISER_CLUSTER_BUS_PORT", "cluster.busPort");
    env.put("ALCHEMISER_SCHEDULE", "scheduleCron");
    env.put("ALCHEMISER_SCHEDULE_CALENDAR", "scheduleCalendar");
    env.put("ALCHEMISER_API_TOKEN", "web.apiToken");
    env.put("ALCHEMISER_HTTP_PORT", "web.port");
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

  public static Future<JsonObject> load(Vertx vertx, Path file) {
    JsonObject defaults;
    try {
      defaults = bundledDefaults();
    } catch (RuntimeException e) {
      return Future.failedFuture(new ConfigException(DEFAULTS_RESOURCE, "bundled defaults cannot be read: " + e.getMessage()));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults));
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        return Future.failedFuture(new ConfigException("--config", "no such file: " + file));
      }
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      String format = name.endsWith(".json") ? "json" : "yaml";
      options.addStore(new ConfigStoreOptions().setType("file").setFormat(format)
          .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString())));
    }
    options.addStore(new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("keys", new JsonArray(ENVIRONMENT.keySet().stream().toList())).put("raw-data", true)));
    options.addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("cache", false)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .eventually(() -> {
          retriever.close();
          return Future.succeededFuture();
        })
        .recover(err -> Future.failedFuture(err instanceof ConfigException ? err
            : new ConfigException(file == null ? "defaults" : file.toString(), "cannot be read: " + rootMessage(err))))
        .map(ConfigLoader::normalize);
  }

  /** The defaults read from the class path, never from a file of the same name in the working directory. */
  public static JsonObject bundledDefaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is not on the class path");
      }
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (!(tree instanceof Map<?, ?> map)) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is not a map of settings");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> settings = (Map<String, Object>) map;
      return new JsonObject(settings).copy();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves the flat environment and system-property keys onto their nested config keys. */
  static JsonObject normalize(JsonObject merged) {
    JsonObject config = merged.copy();
    JsonObject fromEnv = new JsonObject();
    JsonObject fromSys = new JsonObject();
    for (String field : merged.fieldNames()) {
      if (ENVIRONMENT.containsKey(field)) {
        fromEnv.put(ENVIRONMENT.get(field), merged.getValue(field));
        config.remove(field);
      } else if (field.startsWith(SYSTEM_PROPERTY_PREFIX)) {
        fromSys.put(field.substring(SYSTEM_PROPERTY_PREFIX.length()), merged.getValue(field));
        config.remove(field);
      } else if (field.contains(".")) {
        // Other system properties (java.*, user.*) are not ours.
        config.remove(field);
      }
    }
    fromEnv.forEach(e -> setPath(config, e.getKey(), e.getValue()));
    fromSys.forEach(e -> setPath(config, e.getKey(), e.getValue()));
    return config;
  }

  private static void setPath(JsonObject config, String path, Object value) {
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

  private static String rootMessage(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
