package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.syntax.StrategyFileException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads symphony files: a path on disk, or {@code bundled:NAME} for one of the example strategies
 * shipped inside the jar (from {@code config/strategies/}). Blocking: call it off the event loop.
 */
final class StrategySources {
  static final String BUNDLED = "bundled:";
  /** Larger than any real symphony; a bigger file is a mistake, not a strategy. */
  static final long MAX_BYTES = 1 << 20;

  private StrategySources() {
  }

  static String read(String location) {
    if (location.startsWith(BUNDLED)) {
      String name = location.substring(BUNDLED.length());
      if (!name.matches("[A-Za-z0-9._\\-/]+") || name.contains("..")) {
        throw new StrategyFileException(location + ": not a bundled strategy name");
      }
      try (InputStream in = StrategySources.class.getClassLoader().getResourceAsStream("alchemiser/" + name)) {
        if (in == null) {
          throw new StrategyFileException(location + ": no such bundled strategy");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new StrategyFileException(location + ": cannot be read: " + e.getMessage());
      }
    }
    Path path = Path.of(location);
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new StrategyFileException(location + ": larger than " + MAX_BYTES + " bytes; not a symphony file");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new StrategyFileException(location + ": no such file");
    } catch (IOException e) {
      throw new StrategyFileException(location + ": cannot be read: " + e.getMessage());
    }
  }
}
