package io.alchemiser.orchestrator.app;

import io.alchemiser.orchestrator.web.WebSettings;
import io.alchemiser.orchestrator.web.WebVerticle;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Deployable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The web module (REST, WebSocket, page, health, metrics) as a module like any other. */
public final class WebModule implements AlchemiserPlugin {
  @Override
  public String name() {
    return WebVerticle.MODULE;
  }

  @Override
  public Set<EventType> handles() {
    return Set.of();
  }

  @Override
  public List<Deployable> verticles(PluginContext context) {
    Set<String> local = new LinkedHashSet<>(context.root().stringList("modules", List.of()));
    return List.of(new WebVerticle(WebSettings.from(context.root()), context.registry(), context.metrics(), local, context.root(), context.dataDir()));
  }

  @Override
  public List<io.alchemiser.shared.config.ConfigKey> configKeys() {
    return List.of(io.alchemiser.shared.config.ConfigKey.of("web.port"), io.alchemiser.shared.config.ConfigKey.of("web.host"),
        io.alchemiser.shared.config.ConfigKey.secret("web.apiToken"), io.alchemiser.shared.config.ConfigKey.of("web.openHealthAndMetrics"),
        io.alchemiser.shared.config.ConfigKey.of("web.webSocket.maxQueuedBytes"),
        io.alchemiser.shared.config.ConfigKey.of("web.webSocket.idleSeconds"), io.alchemiser.shared.config.ConfigKey.of("web.tls.cert"),
        io.alchemiser.shared.config.ConfigKey.of("web.tls.key"));
  }

  @Override
  public void checkConfig(io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
    io.alchemiser.orchestrator.web.WebSettings.from(root);
  }

  /**
   * When this node runs the web module: refuses a start that would expose the API on the network
   * without TLS and a token (see {@link WebSettings#requireSecure}); returns the warning to log when
   * the operator allowed it ({@code insecureAllowed}), or null.
   */
  public static String checkExposure(io.alchemiser.shared.config.ConfigReader root, boolean insecureAllowed) {
    if (!root.stringList("modules", List.of()).contains(WebVerticle.MODULE)) {
      return null;
    }
    WebSettings web = WebSettings.from(root);
    web.requireSecure(insecureAllowed);
    if (web.loopbackOnly() || (web.tls() != null && web.apiToken() != null)) {
      return null;
    }
    return "INSECURE: HTTP on " + web.host() + " without " + (web.tls() == null ? "TLS" : "a token") + " (--insecure-http): anyone on "
        + "the network can " + (web.tls() == null ? "read and call " : "call ") + "the API";
  }
}
