package io.alchemiser.orchestrator.cli.common;

/** What several one-shot commands do alike before they start a node. */
public final class CommandSupport {
  private CommandSupport() {
  }

  /**
   * Module logs at WARN: a command's own output is what its user reads. Logging has not started
   * yet, so this still takes effect; ALCHEMISER_LOG_LEVEL overrides it.
   */
  public static void quietLogs() {
    if (System.getProperty("alchemiser.log.level") == null) {
      System.setProperty("alchemiser.log.level", "WARN");
    }
  }

  /** Whether log lines go to stderr as JSON ({@code ALCHEMISER_LOG_FORMAT=json}), for a log shipper to read. */
  public static boolean jsonLogs() {
    return "json".equals(System.getenv("ALCHEMISER_LOG_FORMAT"));
  }

}
