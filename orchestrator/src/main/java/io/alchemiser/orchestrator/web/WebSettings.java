package io.alchemiser.orchestrator.web;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;

/** The {@code web:} config section. */
public record WebSettings(String host, int port, String apiToken, boolean openHealthAndMetrics, int maxQueuedBytes) {

  public static WebSettings from(ConfigReader root) {
    ConfigReader web = root.section("web");
    String portText = web.string("port", "8080");
    int port = portText.matches("\\d{1,5}") ? Integer.parseInt(portText) : -1;
    if (port < 0 || port > 65535) {
      throw new ConfigException(web.key("port"), "must be a port number from 0 to 65535, was '" + portText + "'");
    }
    String token = web.string("apiToken", null);
    if (token != null && token.length() < 16) {
      throw new ConfigException(web.key("apiToken"), "must be at least 16 characters (env ALCHEMISER_API_TOKEN)");
    }
    return new WebSettings(web.string("host", "0.0.0.0"), port, token, web.bool("openHealthAndMetrics", true),
        web.section("webSocket").positiveInt("maxQueuedBytes", 1 << 20));
  }
}
