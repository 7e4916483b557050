package io.alchemiser.shared.config;

import java.util.ArrayList;
import java.util.List;

/** What the plugins would declare, for this module's tests (the real set is checked in the orchestrator's). */
public final class TestSchemas {
  public static final ConfigSchema MODULES = schema();

  private TestSchemas() {
  }

  private static ConfigSchema schema() {
    List<ConfigKey> keys = new ArrayList<>(ConfigSchema.NODE_KEYS);
    keys.addAll(ConfigKey.under("portfolio", "cashReserve", "minTradeValue", "fractionalShares"));
    keys.addAll(ConfigKey.under("orchestrator", "workflowTimeoutSeconds", "journal.enabled", "retention.maxFinished", "retention.maxAgeMinutes"));
    keys.addAll(ConfigKey.under("execution", "broker", "paper.startingCash", "paper.slippageBps"));
    keys.addAll(ConfigKey.under("strategy", "strategies[].file", "strategies[].weight", "strategies[].name", "strategies[].allocation.*"));
    keys.add(ConfigKey.secret("web.apiToken"));
    keys.addAll(ConfigKey.under("web", "port", "host", "openHealthAndMetrics", "webSocket.maxQueuedBytes", "webSocket.idleSeconds"));
    keys.addAll(ConfigKey.under("notifications", "log", "on", "tradingHalts"));
    return new ConfigSchema(keys);
  }
}
