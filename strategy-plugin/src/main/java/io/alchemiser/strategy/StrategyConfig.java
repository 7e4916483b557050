package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.syntax.StrategyFileException;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyCompiler;

import io.alchemiser.shared.trading.Allocations;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code strategy:} config section: the strategies to run side by side, each a fixed allocation
 * or a symphony file, with portfolio weights that sum to 1.
 */
record StrategyConfig(List<Entry> entries) {

  /** One configured strategy before its file is read: {@code file} for symphonies, {@code allocation} for fixed ones. */
  record Entry(String key, String name, BigDecimal weight, String file, Map<String, BigDecimal> allocation) {
  }

  static StrategyConfig from(ConfigReader section) {
    List<ConfigReader> items = section.sectionList("strategies");
    if (items.isEmpty()) {
      throw new ConfigException(section.key("strategies"), "lists no strategy");
    }
    List<Entry> entries = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (ConfigReader item : items) {
      BigDecimal weight = item.nonNegativeDecimal("weight", BigDecimal.ONE);
      total = total.add(weight);
      String kind = item.oneOf("kind", item.has("file") ? "symphony" : "fixed", Set.of("fixed", "symphony"));
      if (kind.equals("fixed")) {
        entries.add(new Entry(item.key("allocation"), item.requiredString("name"), weight, null, allocation(item)));
      } else {
        entries.add(new Entry(item.key("file"), item.string("name", null), weight, item.requiredString("file"), null));
      }
    }
    if (total.subtract(BigDecimal.ONE).abs().compareTo(Allocations.SUM_TOLERANCE) > 0) {
      throw new ConfigException(section.key("strategies"), "strategy weights sum to " + total.toPlainString() + ", not 1");
    }
    return new StrategyConfig(List.copyOf(entries));
  }

  /** Reads and compiles the symphony files (blocking); errors name the config key and the file position. */
  List<ConfiguredStrategy> load() {
    List<ConfiguredStrategy> strategies = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Entry entry : entries) {
      ConfiguredStrategy strategy;
      if (entry.file() == null) {
        strategy = new FixedAllocationStrategy(entry.name(), entry.weight(), entry.allocation());
      } else {
        try {
          Symphony symphony = SymphonyCompiler.parseAndCompile(entry.file(), StrategySources.read(entry.file()));
          strategy = new SymphonyStrategy(entry.name() != null ? entry.name() : symphony.name(), entry.file(), entry.weight(), symphony);
        } catch (StrategyFileException e) {
          throw new ConfigException(entry.key(), e.getMessage());
        }
      }
      if (!names.add(strategy.name())) {
        throw new ConfigException(entry.key(), "a second strategy is named '" + strategy.name() + "'; give it a 'name'");
      }
      strategies.add(strategy);
    }
    return List.copyOf(strategies);
  }

  private static Map<String, BigDecimal> allocation(ConfigReader entry) {
    ConfigReader allocation = entry.section("allocation");
    Map<String, BigDecimal> weights = new LinkedHashMap<>();
    for (String symbol : allocation.raw().fieldNames()) {
      if (weights.put(io.alchemiser.shared.trading.Tickers.canonical(symbol), allocation.decimal(symbol, null)) != null) {
        throw new ConfigException(entry.key("allocation"), symbol + " is written twice (BRK/B and BRK.B are one share class)");
      }
    }
    try {
      return Allocations.validated(weights, entry.key("allocation"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(entry.key("allocation"), e.getMessage());
    }
  }
}
