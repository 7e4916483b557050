package io.alchemiser.execution;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.config.RetryPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The {@code execution:} config section (and the {@code alpaca:} keys when the broker is Alpaca). */
record ExecutionSettings(
    String broker,
    PaperBroker.Settings paper,
    AlpacaBroker.Settings alpaca,
    Duration fillTimeout,
    Duration pollInterval,
    boolean failOnRejection,
    boolean requireOpenMarket,
    Duration pauseBeforeBuys) {

  static ExecutionSettings from(ConfigReader root, Path dataDir) {
    ConfigReader section = root.section("execution");
    String broker = section.oneOf("broker", "paper", Set.of("paper", "alpaca"));
    ConfigReader paper = section.section("paper");
    PaperBroker.Settings paperSettings = new PaperBroker.Settings(dataDir.resolve("paper-broker"),
        paper.nonNegativeDecimal("startingCash", new BigDecimal("100000")),
        paper.nonNegativeDecimal("slippageBps", BigDecimal.ZERO));
    AlpacaBroker.Settings alpacaSettings = null;
    if (broker.equals("alpaca")) {
      ConfigReader alpaca = root.section("alpaca");
      String keyId = alpaca.string("keyId", null);
      String secret = alpaca.string("secretKey", null);
      if (keyId == null || secret == null) {
        throw new ConfigException(alpaca.key(keyId == null ? "keyId" : "secretKey"),
            "is required with the alpaca broker (env APCA_API_KEY_ID and APCA_API_SECRET_KEY)");
      }
      alpacaSettings = new AlpacaBroker.Settings(alpaca.httpUrl("baseUrl", "https://paper-api.alpaca.markets"),
          keyId, secret, RetryPolicy.from(section.section("alpaca").section("retry"), RetryPolicy.DEFAULT));
    }
    String onRejection = section.oneOf("onRejection", "complete", Set.of("complete", "fail"));
    return new ExecutionSettings(broker, paperSettings, alpacaSettings,
        Duration.ofSeconds(section.positiveLong("fillTimeoutSeconds", 60)),
        Duration.ofMillis(section.positiveLong("pollIntervalMs", 500)),
        onRejection.equals("fail"),
        section.bool("requireOpenMarket", true),
        // For fault-injection tests that kill the process between the sells and the buys.
        Duration.ofMillis(section.section("testing").has("pauseBeforeBuysMs")
            ? section.section("testing").positiveLong("pauseBeforeBuysMs", 1) : 0));
  }
}
