package io.alchemiser.orchestrator;

import io.alchemiser.shared.config.ConfigReader;
import java.time.Duration;

/** The {@code orchestrator:} config section. */
public record OrchestratorSettings(Duration workflowTimeout, int maxFinished, Duration maxAge, boolean journal,
                                   Duration pruneInterval) {

  public static OrchestratorSettings from(ConfigReader section) {
    ConfigReader retention = section.section("retention");
    return new OrchestratorSettings(
        Duration.ofSeconds(section.positiveLong("workflowTimeoutSeconds", 120)),
        retention.positiveInt("maxFinished", 10_000),
        Duration.ofMinutes(retention.positiveLong("maxAgeMinutes", 1440)),
        section.section("journal").bool("enabled", true),
        Duration.ofSeconds(retention.positiveLong("pruneIntervalSeconds", 60)));
  }
}
