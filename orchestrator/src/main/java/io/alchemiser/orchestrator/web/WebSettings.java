package io.alchemiser.orchestrator.web;

import io.alchemiser.orchestrator.tls.TlsFiles;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;

/**
 * The {@code web:} config section. {@code tls}: HTTPS and WSS with these PEM files, or null for plain HTTP.
 * {@code idleSeconds}: how long the events are still taken off the bus after the last WebSocket client left.
 */
public record WebSettings(String host, int port, String apiToken, boolean openHealthAndMetrics, int maxQueuedBytes, int idleSeconds,
    TlsFiles tls) {

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
    return new WebSettings(web.string("host", "127.0.0.1"), port, token, web.bool("openHealthAndMetrics", true),
        web.section("webSocket").positiveInt("maxQueuedBytes", 1 << 20),
        web.section("webSocket").positiveInt("idleSeconds", 60), TlsFiles.from(web.section("tls"), false));
  }

  /** Whether the server listens on loopback only (so nothing it says leaves this host). */
  public boolean loopbackOnly() {
    return io.alchemiser.orchestrator.tls.Loopback.is(host);
  }

  /**
   * Off loopback, HTTPS and a token, so that nobody on the network reads the API or speaks to it:
   * a token never crosses the network in clear, and without a token or TLS the server starts only
   * when the operator says {@code insecureAllowed} ({@code serve --insecure-http}).
   */
  public void requireSecure(boolean insecureAllowed) {
    if (loopbackOnly()) {
      return;
    }
    if (tls == null && apiToken != null) {
      throw new ConfigException("web.tls", "the API token would cross the network in clear: web.host " + host
          + " is not a loopback address, so set web.tls.cert and web.tls.key (ALCHEMISER_WEB_TLS_CERT/_KEY; "
          + "'alchemiser certs node DIR NAME --host HOST' makes them) or listen on 127.0.0.1");
    }
    if (!insecureAllowed && (tls == null || apiToken == null)) {
      throw new ConfigException(tls == null ? "web.tls" : "web.apiToken", "web.host " + host + " is not a loopback address: "
          + "anyone on the network could " + (tls == null ? "read and " : "") + "start workflows. Set "
          + (tls == null ? "web.tls.cert and web.tls.key (ALCHEMISER_WEB_TLS_CERT/_KEY; 'alchemiser certs node DIR NAME --host HOST') and " : "")
          + "web.apiToken (ALCHEMISER_API_TOKEN), listen on 127.0.0.1, or pass --insecure-http to run without");
    }
  }
}
