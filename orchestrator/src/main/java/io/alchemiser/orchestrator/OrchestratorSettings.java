package io.alchemiser.orchestrator;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import java.time.Duration;

/** The {@code orchestrator:} config section. */
public record OrchestratorSettings(Duration workflowTimeout, int maxFinished, Duration maxAge, boolean journal,
                                   Duration pruneInterval, int partitions) {
  /** A partition takes whole lanes of the events' address: more partitions than lanes would have none. */
  static final int MAX_PARTITIONS = io.alchemiser.shared.bus.Addresses.EVENT_LANES;

  public static OrchestratorSettings from(ConfigReader section) {
    ConfigReader retention = section.section("retention");
    int partitions = section.positiveInt("partitions", defaultPartitions());
    if (partitions > MAX_PARTITIONS) {
      throw new ConfigException("orchestrator.partitions", "must be at most " + MAX_PARTITIONS + ", was " + partitions);
    }
    return new OrchestratorSettings(
        Duration.ofSeconds(section.positiveLong("workflowTimeoutSeconds", 120)),
        retention.positiveInt("maxFinished", 10_000),
        Duration.ofMinutes(retention.positiveLong("maxAgeMinutes", 1440)),
        section.section("journal").bool("enabled", true),
        Duration.ofSeconds(retention.positiveLong("pruneIntervalSeconds", 60)),
        partitions);
  }

  /** One partition per core: the orchestrator's work then spreads over as many event loops as can run at once. */
  static int defaultPartitions() {
    return Math.min(MAX_PARTITIONS, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }
}
