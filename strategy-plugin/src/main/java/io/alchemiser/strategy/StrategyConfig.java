package io.alchemiser.strategy;

import io.alchemiser.shared.Allocations;
import io.alchemiser.shared.ConfigException;
import io.alchemiser.shared.ConfigReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code strategy:} config section: the strategies to run and their portfolio weights. */
record StrategyConfig(List<ConfiguredStrategy> strategies) {

  static StrategyConfig from(ConfigReader section) {
    List<ConfigReader> entries = section.sectionList("strategies");
    if (entries.isEmpty()) {
      throw new ConfigException(section.key("strategies"), "lists no strategy");
    }
    List<ConfiguredStrategy> strategies = new ArrayList<>();
    Set<String> names = new HashSet<>();
    BigDecimal total = BigDecimal.ZERO;
    for (ConfigReader entry : entries) {
      String name = entry.requiredString("name");
      if (!names.add(name)) {
        throw new ConfigException(entry.key("name"), "strategy '" + name + "' is listed twice");
      }
      BigDecimal weight = entry.nonNegativeDecimal("weight", BigDecimal.ONE);
      total = total.add(weight);
      String kind = entry.oneOf("kind", "fixed", Set.of("fixed"));
      if (kind.equals("fixed")) {
        strategies.add(new FixedAllocationStrategy(name, weight, allocation(entry)));
      }
    }
    if (total.subtract(BigDecimal.ONE).abs().compareTo(Allocations.SUM_TOLERANCE) > 0) {
      throw new ConfigException(section.key("strategies"), "strategy weights sum to " + total.toPlainString() + ", not 1");
    }
    return new StrategyConfig(List.copyOf(strategies));
  }

  private static Map<String, BigDecimal> allocation(ConfigReader entry) {
    ConfigReader allocation = entry.section("allocation");
    Map<String, BigDecimal> weights = new LinkedHashMap<>();
    for (String symbol : allocation.raw().fieldNames()) {
      weights.put(symbol, allocation.decimal(symbol, null));
    }
    try {
      return Allocations.validated(weights, entry.key("allocation"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(entry.key("allocation"), e.getMessage());
    }
  }
}
