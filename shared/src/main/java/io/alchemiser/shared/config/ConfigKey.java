package io.alchemiser.shared.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A setting Alchemiser knows, by its path: {@code portfolio.cashReserve}; {@code []} stands for any
 * item of a list ({@code strategy.strategies[].file}) and a trailing {@code *} for any key below
 * ({@code strategy.strategies[].allocation.*}, where the keys are tickers). A secret is masked
 * wherever the effective config is shown.
 */
public record ConfigKey(String path, boolean secret) {

  public static ConfigKey of(String path) {
    return new ConfigKey(path, false);
  }

  public static ConfigKey secret(String path) {
    return new ConfigKey(path, true);
  }

  /** The keys of a {@link RetryPolicy} under {@code prefix} ({@code notifications.retry}, say). */
  public static List<ConfigKey> retry(String prefix) {
    List<ConfigKey> keys = new ArrayList<>();
    for (String name : List.of("maxAttempts", "baseDelayMs", "multiplier", "maxDelayMs")) {
      keys.add(of(prefix + "." + name));
    }
    return keys;
  }

  /** Every key in {@code section} with the given names. */
  public static List<ConfigKey> under(String section, String... names) {
    List<ConfigKey> keys = new ArrayList<>();
    for (String name : names) {
      keys.add(of(section + "." + name));
    }
    return keys;
  }

  boolean wildcard() {
    return path.endsWith(".*");
  }
}
