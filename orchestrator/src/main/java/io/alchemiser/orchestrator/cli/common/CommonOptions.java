package io.alchemiser.orchestrator.cli.common;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options several commands take, declared once (picocli mixins). */
public final class CommonOptions {
  private CommonOptions() {
  }

  /** {@code --config FILE}: a config file over the bundled defaults. */
  public static final class ConfigFile {
    @Option(names = "--config", paramLabel = "FILE", description = "Config file (YAML or JSON) over the defaults.")
    public Path file;
  }

  /** {@code --json}: the result as one JSON object on stdout. */
  public static final class JsonOutput {
    @Option(names = "--json", description = "Print exactly one JSON object with the result on stdout.")
    public boolean json;
  }

  /** {@code --weights} and {@code --data}: how strategies are mixed, and where their bars come from. */
  public static final class StrategyData {
    @Option(names = "--weights", paramLabel = "W,W,...", split = ",",
        description = "Portfolio weight of each strategy, in order, summing to 1 (default: equal).")
    public List<BigDecimal> weights;

    @Option(names = "--data", paramLabel = "DIR", description = "Read bars from TICKER.csv files in DIR (default: the configured provider).")
    public Path dir;
  }
}
